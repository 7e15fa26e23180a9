import { fieldValues } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { conflict, notFound } from '../http/error-catalogue.ts';
import type { OperationContext, OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount } from './account-store.ts';
import { responseGroupsOf } from './response-groups.ts';
import { tenantOf } from './tenant-of.ts';

/** GET /commerce/customer/accounts/{accountId}, with the plan's response groups and field matches. */
export function getAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const grouped = responseGroupsOf(plan);
  return async (context) => {
    const account = await findAccount(context);
    return { status: plan.success.status, body: grouped(account, context.query) };
  };
}

/**
 * The account the path's `accountId` names, or its 404. With the operation's `x-matches-field`
 * parameters, an account of another login is as absent as no account.
 */
export async function findAccount(
  context: OperationContext<KiboAccess>,
): Promise<CustomerAccount & { id: number }> {
  const id = accountIdOf(context);
  const account = await tenantOf(context).get(id);
  const matches = context.plan.fieldMatches.every(({ parameter, field }) => {
    const wanted = context.query[parameter];
    return wanted === undefined || (account as Record<string, unknown> | undefined)?.[field] === wanted;
  });
  if (!account || !matches) throw noSuchAccount(id);
  return { ...account, id };
}

/**
 * DELETE /commerce/customer/accounts/{accountId}; the id is never reused, and an account whose
 * `x-not-deletable-while` count (its orders) is above 0 is kept, as Kibo keeps it.
 */
export function deleteAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const blocking = plan.notDeletableWhile;
  return async (context) => {
    const tenant = tenantOf(context);
    const id = accountIdOf(context);
    await tenant.write(async () => {
      const account = await tenant.get(id);
      if (!account) throw noSuchAccount(id);
      const count = blocking ? countAt(account, blocking) : 0;
      if (count > 0 && blocking) {
        throw conflict(
          `account ${id} has ${count} orders (${blocking.join('.')}) and cannot be deleted`,
          [],
          {
            AccountId: String(id),
          },
        );
      }
      await tenant.commit([{ kind: 'delete', id }]);
    });
    return { status: plan.success.status };
  };
}

function countAt(account: CustomerAccount, path: readonly string[]): number {
  const [found] = fieldValues(account, path);
  return typeof found?.value === 'number' ? found.value : 0;
}

function accountIdOf(context: OperationContext<KiboAccess>): number {
  return context.path.accountId as number;
}

export function noSuchAccount(id: number) {
  return notFound(`account ${id} does not exist in this tenant`, { AccountId: String(id) });
}
