import type { CustomerAccount, TenantStore } from '../accounts/account-store.ts';
import { afterFailedSignIn, type LoginRecord } from '../accounts/login-record.ts';

/**
 * Counts a wrong password against the account, in one commit: the login record's count goes up,
 * and the attempt that reaches `lockoutAfter` (the plan's `x-lockout-after`; none: no lockout)
 * locks the account (`isLocked`, on the account itself, so every answer agrees). Call it inside
 * the tenant's write().
 */
export async function recordFailedAttempt(
  tenant: TenantStore,
  account: CustomerAccount & { readonly id: number },
  record: LoginRecord,
  at: string,
  lockoutAfter: number | undefined,
): Promise<void> {
  const failed = afterFailedSignIn(record, at, lockoutAfter ?? Number.POSITIVE_INFINITY);
  const locks = failed.locks && account.isLocked !== true;
  await tenant.commit([
    ...(locks
      ? [
          {
            kind: 'put' as const,
            account: { ...account, isLocked: true, auditInfo: { ...account.auditInfo, updateDate: at } },
          },
        ]
      : []),
    { kind: 'login', id: account.id, record: failed.record },
  ]);
}
