import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { findAccounts, type Selector } from '../expectations.ts';
import { operations } from '../../client/operations.ts';
import { removeAccount } from '../remove-account.ts';
import type { RunContext } from '../run-context.ts';

/** Leaves the target as the run found it, and says what it could not remove. */
export function cleanupChecks(plan: ApiPlan): Check[] {
  const hasDelete = plan.operations.some((entry) => entry.operationId === operations.deleteAccount);
  return [
    {
      group: 'cleanup',
      id: 'cleanup.delete-created',
      title: 'Every account the run created is deleted again',
      rule: "deleteAccount(accountId) → 2xx, then getAccount(accountId) → 404; only accounts carrying the run's tag are touched",
      async run(context) {
        if (!hasDelete) skip('the document declares no deleteAccount');
        const violations = await sweep(context);
        for (const id of [...context.created.keys()].sort((a, b) => a - b)) {
          const problem = await removeAccount(context, id);
          if (problem === undefined) continue;
          const emailAddress = context.created.get(id);
          context.leftovers.push({ id, emailAddress, reason: problem.message });
          violations.push({
            ...problem,
            message: `account ${id}${emailAddress ? ` (${emailAddress})` : ''} was not cleaned up: ${problem.message}`,
          });
        }
        return violations;
      },
    },
  ];
}

/** Finds the run's accounts that no answer reported (a refused request that created some anyway). */
async function sweep(context: RunContext): Promise<Violation[]> {
  const { data } = context;
  const selector: Selector = {
    filter: `externalId sw '${data.externalIdPrefix}' or emailAddress sw '${data.emailPrefix}'`,
    describe: `the run's tag (${data.externalIdPrefix}, ${data.emailPrefix})`,
    matches: data.isOurs,
  };
  const found = await findAccounts(context, selector);
  if ('violation' in found) return [found.violation];
  for (const account of found.accounts) {
    if (typeof account.id === 'number' && data.isOurs(account) && !context.created.has(account.id)) {
      context.created.set(
        account.id,
        typeof account.emailAddress === 'string' ? account.emailAddress : undefined,
      );
    }
  }
  return [];
}
