import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { describeValue } from '../../client/describe-value.ts';
import { errorSummary } from '../../client/error-summary.ts';
import { findAccounts, succeeded, type Selector } from '../expectations.ts';
import { locate } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
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
          const problem = await remove(context, id);
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

/** Deletes one account after making sure it is the run's own; undefined when it is gone. */
async function remove(context: RunContext, accountId: number): Promise<Violation | undefined> {
  const before = await context.call(operations.getAccount, { params: { accountId } });
  if (before.status === 404) return undefined;
  if (!succeeded(context.plan, before))
    return { location: locate(before), message: `could not read it${errorSummary(before)}` };
  const account = (before.json ?? {}) as Record<string, unknown>;
  if (!context.data.isOurs(account)) {
    return {
      location: locate(before),
      message: `left alone: it does not carry the run's tag (emailAddress ${describeValue(account.emailAddress)}), though an answer said the run created it`,
    };
  }
  const entry = context.plan.operation(operations.deleteAccount);
  const success = entry.statuses.filter((status) => status < 300);
  const deleted = await context.call(operations.deleteAccount, { params: { accountId } });
  if (!success.includes(deleted.status)) {
    return { location: locate(deleted), message: `expected ${success.join(' or ')}${errorSummary(deleted)}` };
  }
  const after = await context.call(operations.getAccount, { params: { accountId } });
  if (after.status !== 404)
    return { location: locate(after), message: 'still readable after deleteAccount (expected 404)' };
  return undefined;
}
