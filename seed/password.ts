import { createHash } from 'node:crypto';

/**
 * Account `index`'s password in a dataset seeded with `seed`: derived, so a rerun sends the same
 * one and a tester can sign in as any seeded shopper without the seeder ever writing it down. The
 * fixed head gives every password the capital, digit and symbol that password policies ask for.
 */
export function seedPassword(seed: number, index: number): string {
  const digest = createHash('sha256').update(`kibo-accounts-mock/seed-password/${seed}/${index}`);
  return `Sd7!${digest.digest('base64url').slice(0, 20)}`;
}
