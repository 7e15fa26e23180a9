import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { accountLogin } from './account-login.ts';
import { loginChangeContext } from './login-changes.ts';

/**
 * POST /commerce/customer/accounts/{accountId}/Set-Password-Change-Required, a JSON boolean: while
 * true, sign-in is refused until Change-Password or a reset sets a new password (which clears it).
 */
export function setPasswordChangeRequiredHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    const id = context.path.accountId as number;
    const { at } = loginChangeContext(context);
    await tenant.write(async () => {
      const { record } = await accountLogin(tenant, id);
      const required = context.body;
      // No body (body-required turned off) says neither; setting what is set changes nothing.
      if (typeof required !== 'boolean' || required === record.passwordChangeRequired) return;
      await tenant.commit([
        { kind: 'login', id, record: { ...record, passwordChangeRequired: required, updatedOn: at } },
      ]);
    });
    return { status: plan.success.status };
  };
}
