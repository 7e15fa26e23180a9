import { describeValue } from '../client/describe-value.ts';
import { errorSummary } from '../client/error-summary.ts';
import { locate } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import type { Violation } from './check.ts';
import { succeeded } from './expectations.ts';
import type { RunContext } from './run-context.ts';

/**
 * Deletes one account after making sure it is the run's own: undefined when it is gone, else
 * why not (it is left alone when it does not carry the run's tag).
 */
export async function removeAccount(context: RunContext, accountId: number): Promise<Violation | undefined> {
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
