import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { accountLogin } from './account-login.ts';
import { loginChangeContext, loginChanges } from './login-changes.ts';

/**
 * POST /commerce/customer/accounts/{accountId}/Set-Login-Locked, a JSON boolean: true locks the
 * login (dated lastLockedOn), false unlocks it and forgets its failed attempts.
 */
export function setLoginLockedHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    const id = context.path.accountId as number;
    const change = loginChangeContext(context);
    await tenant.write(async () => {
      const { account, record } = await accountLogin(tenant, id);
      // No body (body-required turned off) says neither: the 404 stands, nothing changes.
      if (typeof context.body !== 'boolean') return;
      await tenant.commit(loginChanges(account, record, context.body ? 'lock' : 'unlock', change));
    });
    return { status: plan.success.status };
  };
}
