import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { notFound } from '../http/error-catalogue.ts';
import type { OperationContext, OperationHandler } from '../http/operation-context.ts';
import { tenantOf } from './tenant-of.ts';

/** GET /commerce/customer/accounts/{accountId}. */
export function getAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    const account = await tenantOf(context).get(accountIdOf(context));
    if (!account) throw noSuchAccount(accountIdOf(context));
    return { status: plan.success.status, body: account };
  };
}

/** DELETE /commerce/customer/accounts/{accountId}; the id is never reused. */
export function deleteAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    const id = accountIdOf(context);
    await tenant.write(async () => {
      if (!(await tenant.get(id))) throw noSuchAccount(id);
      await tenant.commit([{ kind: 'delete', id }]);
    });
    return { status: plan.success.status };
  };
}

function accountIdOf(context: OperationContext<KiboAccess>): number {
  return context.path.accountId as number;
}

export function noSuchAccount(id: number) {
  return notFound(`account ${id} does not exist in this tenant`, { AccountId: String(id) });
}
