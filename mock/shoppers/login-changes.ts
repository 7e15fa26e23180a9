import type { AccountChange, CustomerAccount } from '../accounts/account-store.ts';
import type { LoginRecord } from '../accounts/login-record.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationContext } from '../http/operation-context.ts';

/** When and by whom (the application's client id) a login changes. */
export interface LoginChangeContext {
  readonly at: string;
  readonly by: string | null;
}

/** What a change does to the login's lock. */
export type LockChange = 'lock' | 'unlock' | 'keep';

/**
 * The commit of a login whose record changed: the record, and the account too when its lock
 * changes (the lock lives on the account, `isLocked`, as Kibo answers it), so both are stored in
 * one commit or neither. Locking sets `lastLockedOn` (a login locked already keeps its date);
 * unlocking forgets the failed attempts, whether or not the login was locked.
 */
export function loginChanges(
  account: CustomerAccount & { readonly id: number },
  record: LoginRecord,
  lock: LockChange,
  { at, by }: LoginChangeContext,
): AccountChange[] {
  const wasLocked = account.isLocked === true;
  const locked = lock === 'keep' ? wasLocked : lock === 'lock';
  let next = record;
  if (locked && !wasLocked) next = { ...record, lastLockedOn: at, updatedOn: at };
  if (lock === 'unlock' && (wasLocked || record.failedAttempts > 0)) {
    next = { ...record, failedAttempts: 0, firstFailedAt: null, updatedOn: at };
  }
  const login: AccountChange = { kind: 'login', id: account.id, record: next };
  if (locked === wasLocked) return [login];
  const auditInfo = { ...account.auditInfo, updateBy: by, updateDate: at };
  return [{ kind: 'put', account: { ...account, isLocked: locked, auditInfo } }, login];
}

/** The time and the application of a request that changes a login. */
export function loginChangeContext(context: OperationContext<KiboAccess>): LoginChangeContext {
  return { at: new Date(context.now).toISOString(), by: context.access?.claims.clientId ?? null };
}
