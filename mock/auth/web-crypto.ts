// The mock's hashing through WebCrypto only, so the app builds the same in Node, a browser page
// and a test runner's msw handlers (style.md: no node: imports in the code that builds the app).
const encoder = new TextEncoder();

export type Bytes = Uint8Array<ArrayBuffer>;

function bytesOf(data: Uint8Array | string): Bytes {
  if (typeof data === 'string') return encoder.encode(data);
  // WebCrypto reads its input before resolving, so bytes over a plain ArrayBuffer (a whole
  // answer, for the journal's digest) are passed as they are; only a shared buffer is copied.
  return data.buffer instanceof ArrayBuffer ? (data as Bytes) : new Uint8Array(data);
}

const hexPairs = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * One flat string. Built with `+=`, V8 keeps a digest as a rope of dozens of small strings (about
 * 2.3 KB instead of 80 bytes), and the journal holds two per entry: 45 MB of heap at 10,000 entries.
 */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const pairs = new Array<string>(bytes.byteLength);
  new Uint8Array(bytes).forEach((byte, i) => (pairs[i] = hexPairs[byte] ?? ''));
  return pairs.join('');
}

export async function sha256(data: Uint8Array | string): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytesOf(data)));
}

/** A keyed hash: resolves to the lower-case hex of HMAC-SHA256 under the key it was made with. */
export type KeyedHash = (data: Uint8Array | string) => Promise<string>;

/** Makes a KeyedHash: WebCrypto's (hmacSha256) anywhere, or a runtime's native one. */
export type HmacFactory = (key: Uint8Array) => KeyedHash;

/** HMAC-SHA256 under one key, imported once; resolves to lower-case hex. */
export function hmacSha256(key: Uint8Array): KeyedHash {
  const imported = crypto.subtle.importKey('raw', bytesOf(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return async (data) => toHex(await crypto.subtle.sign('HMAC', await imported, bytesOf(data)));
}

/**
 * Compares two secrets through their SHA-256 digests, every byte every time: the time taken says
 * nothing about a secret's length or how much of a guess was right (WebCrypto has no
 * timingSafeEqual; digests of equal length make a plain XOR loop enough).
 */
export async function sameSecret(expected: string, given: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(expected), sha256(given)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}
