import type { AccountChange, CustomerAccount } from '../accounts/account-store.ts';
import { afterFailedSignIn, type LoginRecord } from '../accounts/login-record.ts';
import { loginChanges, type LoginChangeContext } from './login-changes.ts';

/**
 * The commit of a wrong password (a sign-in's, or Change-Password's old one): the attempt is
 * counted, and the one that reaches `lockoutAfter` (createUserAuthTicket's `x-lockout-after`)
 * locks the login. Undefined `lockoutAfter` (the lockout assumption turned off): counted, never
 * locked. Commit it before answering the refusal, so the count holds whatever the client does next.
 */
export function failedPasswordAttempt(
  account: CustomerAccount & { readonly id: number },
  record: LoginRecord,
  lockoutAfter: number | undefined,
  context: LoginChangeContext,
): AccountChange[] {
  const counted = afterFailedSignIn(record, context.at, lockoutAfter ?? Number.POSITIVE_INFINITY);
  // loginChanges dates the lock, and only when the login was not locked already.
  const next = { ...counted.record, lastLockedOn: record.lastLockedOn };
  return loginChanges(account, next, counted.locks ? 'lock' : 'keep', context);
}
