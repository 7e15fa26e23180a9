import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Account `index`'s password in a dataset seeded with `seed`: derived, so the mock and the seeder
 * agree on it, a rerun sends the same one, and QA can sign in as any generated shopper without
 * anyone writing it down. The fixed head gives every password the capital, digit and symbol that
 * password policies ask for. SHA-256 from @noble/hashes runs wherever the dataset does (Node, a
 * browser page, msw handlers).
 */
export function derivedPassword(seed: number, index: number): string {
  const digest = sha256(utf8ToBytes(`kibo-accounts-mock/seed-password/${seed}/${index}`));
  return `Sd7!${base64url(digest).slice(0, 20)}`;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
