import { afterPasswordChange, type LoginRecord } from '../accounts/login-record.ts';

/**
 * The record after the password was set (Change-Password, a reset): `afterPasswordChange`'s
 * effects, with the new password's hash. No hash (a null new password, which only a run with the
 * password-rules assumption turned off lets through) sets no password: the login cannot sign in
 * until it is reset, and its state says a change is required.
 */
export function withNewPassword(record: LoginRecord, hash: string | undefined, at: string): LoginRecord {
  const changed = afterPasswordChange(record, hash ?? '', at);
  return hash === undefined ? { ...changed, password: { kind: 'none' } } : changed;
}
