import { sameText, type PendingReset } from '../accounts/login-record.ts';
import { randomBytes, sha256, toHex } from '../auth/web-crypto.ts';

/**
 * A password reset's confirmation code: 128 random bits from WebCrypto as 32 hex digits, so it
 * cannot be guessed in the lifetime of any test run (nothing limits tries at a wrong code).
 */
export function newResetCode(): string {
  return toHex(randomBytes(16));
}

/**
 * What the login record keeps of a code: its SHA-256, so neither the store nor the data directory
 * holds a code that works. A code of a run without a lifetime (`x-code-lifetime-minutes` turned
 * off) expires at the largest date JSON keeps exactly: in effect, when it is used.
 */
export async function pendingReset(code: string, expiresAt: number | undefined): Promise<PendingReset> {
  return { digest: toHex(await sha256(code)), expiresAt: expiresAt ?? Number.MAX_SAFE_INTEGER };
}

/**
 * Whether `code` is the pending reset's and still works at `now`. The digests are compared as a
 * sign-in compares passwords (sameText), so the time taken says nothing of how close a guess was.
 */
export async function resetCodeWorks(
  pending: PendingReset | null,
  code: string,
  now: number,
): Promise<boolean> {
  const given = toHex(await sha256(code));
  return pending !== null && pending.expiresAt > now && sameText(given, pending.digest);
}
