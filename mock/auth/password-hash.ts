import { scrypt } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import bcrypt from 'bcryptjs';

/**
 * Passwords are data the mock keeps only as salted scrypt hashes (RFC 7914, @noble/hashes: pure
 * JavaScript, so the same code runs in Node, msw handlers and a browser page), written as a
 * PHC-style string that records its own parameters: a hash made at one cost still verifies after
 * the cost is changed.
 *
 * The default cost is deliberately low. The mock's passwords are test data, and Bulk hashes every
 * password it is sent: at production costs (N = 2^15 and up) a Bulk call of 10 sign-ups would
 * take a second of CPU. What matters here is that no password is ever stored, logged or answered
 * in clear; `--password-cost` raises the cost for a team that wants production-like timing.
 */
export interface PasswordHasher {
  hash(password: string): string;
  /** True when `password` is the one `stored` was made from (a kit hash or a bcrypt import). */
  verify(password: string, stored: string): boolean;
  /** Whether `stored` is a format this hasher can verify (else the shopper must reset). */
  canVerify(stored: string): boolean;
}

/**
 * scrypt itself (RFC 7914): the portable one by default (@noble/hashes), or a runtime's native one
 * (the Node shell passes node:crypto's, about four times faster). Both give the same bytes, so a
 * hash made by one verifies with the other.
 */
export type Scrypt = (
  password: string,
  salt: Uint8Array,
  options: { readonly N: number; readonly r: number; readonly p: number; readonly dkLen: number },
) => Uint8Array;

const portableScrypt: Scrypt = (password, salt, options) => scrypt(password, salt, options);

/** log2 of scrypt's N by default: N = 16. */
export const defaultPasswordCost = 4;
/** The most a run may ask for: N = 2^20 takes about a second and 1 GiB in JavaScript. */
export const maxPasswordCost = 20;

// r = 1 rather than the usual 8: with N this small, r sets most of the cost (the PBKDF2 rounds
// around the mixing), and a Bulk call of 10 sign-ups hashes ten passwords.
const blockSize = 1;
const parallelism = 1;
const saltBytes = 16;
const hashBytes = 32;
const scryptFormat =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$((?:[0-9a-f]{2}){1,64})\$((?:[0-9a-f]{2}){1,64})$/;
// bcrypt's modular crypt format (OpenBSD $2a$/$2b$/$2y$), the usual format of imported hashes.
const bcryptFormat = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
/*
 * A stored hash names its own cost, and an imported one comes from the client: verifying runs
 * synchronously, so `$scrypt$ln=20,r=99,p=99$…` (13 GB, tens of minutes) or bcrypt's cost 31 would
 * stop the mock for everyone. Hashes asking for more work than the mock may be configured to do
 * (N·r·p ≤ 2^maxPasswordCost, about a second) or a bcrypt cost above 12 (production's usual 10–12)
 * are a format the mock cannot verify: the shopper must reset, as with any unknown format.
 */
const maxScryptWork = 2 ** maxPasswordCost;
const maxBcryptCost = 12;

/** The scrypt parameters of a kit hash the mock will run, else undefined. */
function scryptParameters(stored: string) {
  const kit = scryptFormat.exec(stored);
  if (!kit) return undefined;
  const [ln, r, p] = [Number(kit[1]), Number(kit[2]), Number(kit[3])];
  if (r < 1 || p < 1 || 2 ** ln * r * p > maxScryptWork) return undefined;
  return { ln, r, p, salt: kit[4] ?? '', hash: kit[5] ?? '' };
}

const verifiableBcrypt = (stored: string): boolean => {
  const cost = bcryptFormat.exec(stored)?.[1];
  return cost !== undefined && Number(cost) <= maxBcryptCost;
};

export function createPasswordHasher(
  cost = defaultPasswordCost,
  kdf: Scrypt = portableScrypt,
): PasswordHasher {
  if (!Number.isInteger(cost) || cost < 1 || cost > maxPasswordCost) {
    throw new Error(`the password cost must be a whole number from 1 to ${maxPasswordCost} (got ${cost})`);
  }
  const derive = (password: string, salt: Uint8Array, ln: number, r: number, p: number) =>
    kdf(password, salt, { N: 2 ** ln, r, p, dkLen: hashBytes });
  // Salts come from one draw of random bytes for many hashes: asking the system for 16 bytes at a
  // time cost as much as hashing itself in a Bulk call of ten sign-ups.
  let pool = new Uint8Array(0);
  let used = 0;
  const nextSalt = () => {
    if (used + saltBytes > pool.length) {
      pool = randomBytes(saltBytes * 256);
      used = 0;
    }
    used += saltBytes;
    return pool.slice(used - saltBytes, used);
  };
  return {
    hash(password) {
      const salt = nextSalt();
      const hash = derive(password, salt, cost, blockSize, parallelism);
      return `$scrypt$ln=${cost},r=${blockSize},p=${parallelism}$${bytesToHex(salt)}$${bytesToHex(hash)}`;
    },
    verify(password, stored) {
      const kit = scryptParameters(stored);
      if (kit) {
        const expected = hexToBytes(kit.hash);
        return sameBytes(derive(password, hexToBytes(kit.salt), kit.ln, kit.r, kit.p), expected);
      }
      // bcrypt compares in constant time itself; it only reads the first 72 bytes, as bcrypt does.
      return verifiableBcrypt(stored) && bcrypt.compareSync(password, stored);
    },
    canVerify: (stored) => scryptParameters(stored) !== undefined || verifiableBcrypt(stored),
  };
}

/** Equal length and equal bytes, in time that does not depend on where they differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
