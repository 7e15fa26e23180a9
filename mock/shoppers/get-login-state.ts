import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { loginStateOf } from '../accounts/login-record.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { accountLogin } from './account-login.ts';

/**
 * GET /commerce/customer/accounts/{accountId}/loginstate. `lockoutAfter` is createUserAuthTicket's
 * `x-lockout-after`, which remainingLoginAttempts counts down from.
 */
export function getLoginStateHandler(
  plan: OperationPlan,
  lockoutAfter: number | undefined,
): OperationHandler<KiboAccess> {
  return async (context) => {
    const { account, record } = await accountLogin(tenantOf(context), context.path.accountId as number);
    return {
      status: plan.success.status,
      body: loginStateOf(record, account.isLocked === true, lockoutAfter),
    };
  };
}
