import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../mock/auth/password-hash.ts';
import { nodeScrypt } from '../../mock/node/node-scrypt.ts';

describe('password hashes', () => {
  const hasher = createPasswordHasher();

  it('verifies the password a hash was made from, and no other', () => {
    const stored = hasher.hash('Spring-Garden-2026');
    expect(hasher.verify('Spring-Garden-2026', stored)).toBe(true);
    expect(hasher.verify('spring-garden-2026', stored)).toBe(false);
    expect(hasher.verify('', stored)).toBe(false);
  });

  it('salts every hash and never keeps the password in it', () => {
    const first = hasher.hash('Lantern-Quiet-88');
    const second = hasher.hash('Lantern-Quiet-88');
    expect(first).not.toBe(second);
    expect(first).not.toContain('Lantern');
    expect(first).toMatch(/^\$scrypt\$ln=4,r=1,p=1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
  });

  it('still verifies a hash made at another cost', () => {
    const costly = createPasswordHasher(10).hash('Harbor-Mist-5150');
    expect(costly).toContain('ln=10');
    expect(hasher.verify('Harbor-Mist-5150', costly)).toBe(true);
  });

  it('verifies an imported bcrypt hash, and says which formats it cannot', () => {
    const imported = bcrypt.hashSync('Old-System-Password-1', 4);
    expect(hasher.canVerify(imported)).toBe(true);
    expect(hasher.verify('Old-System-Password-1', imported)).toBe(true);
    expect(hasher.verify('Old-System-Password-2', imported)).toBe(false);
    for (const foreign of [
      '5f4dcc3b5aa765d61d8327deb882cf99',
      '{SSHA}abc',
      '$argon2id$v=19$m=65536,t=3,p=4$c29t$aGFzaA',
    ]) {
      expect(hasher.canVerify(foreign)).toBe(false);
      expect(hasher.verify('password', foreign)).toBe(false);
    }
  });

  it('makes the same hashes with Node’s native scrypt: each verifies what the other made', () => {
    const native = createPasswordHasher(4, nodeScrypt);
    expect(hasher.verify('Cross-Check-1', native.hash('Cross-Check-1'))).toBe(true);
    expect(native.verify('Cross-Check-1', hasher.hash('Cross-Check-1'))).toBe(true);
    expect(native.verify('Cross-Check-2', hasher.hash('Cross-Check-1'))).toBe(false);
    // A hash of another block size (the kit's earlier r = 8) still verifies: the format says r.
    const older = '$scrypt$ln=4,r=8,p=1$' + '00'.repeat(16) + '$';
    const bytes = nodeScrypt('Older-1', new Uint8Array(16), { N: 16, r: 8, p: 1, dkLen: 32 });
    expect(hasher.verify('Older-1', older + Buffer.from(bytes).toString('hex'))).toBe(true);
  });

  it('refuses a cost outside what a run can afford', () => {
    expect(() => createPasswordHasher(0)).toThrow(/from 1 to 20/);
    expect(() => createPasswordHasher(21)).toThrow(/from 1 to 20/);
  });

  it('will not run a stored hash that asks for more work than a run may, nor a malformed one', () => {
    const salt = '00'.repeat(16);
    const hash = '00'.repeat(32);
    const greedy = [
      `$scrypt$ln=20,r=99,p=99$${salt}$${hash}`, // 13 GB and tens of minutes, if it were run
      `$scrypt$ln=20,r=2,p=1$${salt}$${hash}`,
      `$scrypt$ln=4,r=0,p=1$${salt}$${hash}`,
      `$scrypt$ln=4,r=1,p=1$000$${hash}`, // odd hex
      `$2b$31$${'a'.repeat(53)}`, // bcrypt's cost 31: 2^31 rounds
      `$2b$13$${'a'.repeat(53)}`,
    ];
    for (const stored of greedy) {
      expect(hasher.canVerify(stored), stored).toBe(false);
      expect(hasher.verify('anything', stored), stored).toBe(false);
    }
    expect(hasher.canVerify(`$scrypt$ln=20,r=1,p=1$${salt}$${hash}`)).toBe(true);
    expect(hasher.canVerify(bcrypt.hashSync('Lantern-Quiet-88', 4).replace('$04$', '$12$'))).toBe(true);
  });
});
