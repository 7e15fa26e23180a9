import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { CustomerAccount } from './account-store.ts';

/**
 * Kibo's `responseGroups` as the operation's `x-response-groups` reads it: without the parameter
 * an account comes back whole; with it, the fields of every group it does not name are left out.
 * Group names match in any case; an unknown name selects nothing.
 */
export function responseGroupsOf(
  plan: OperationPlan,
): (account: CustomerAccount, query: Readonly<Record<string, unknown>>) => CustomerAccount {
  const declared = plan.responseGroups;
  if (!declared) return (account) => account;
  return (account, query) => {
    const asked = query[declared.parameter];
    if (typeof asked !== 'string') return account;
    const named = new Set(asked.split(',').map((name) => name.trim().toLowerCase()));
    const dropped = new Set(
      [...declared.groups]
        .filter(([group]) => !named.has(group.toLowerCase()))
        .flatMap(([, fields]) => fields),
    );
    if (dropped.size === 0) return account;
    return Object.fromEntries(Object.entries(account).filter(([field]) => !dropped.has(field)));
  };
}
