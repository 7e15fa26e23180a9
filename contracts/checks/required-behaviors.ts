import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { errorSummary } from '../../client/error-summary.ts';
import { locate } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import { skip, type Check, type Violation } from '../check.ts';
import {
  byExternalIdPrefix,
  expectDeclaredError,
  expectNothingCreated,
  expectStatus,
  idsOf,
  succeeded,
  tagged,
} from '../expectations.ts';
import type { RunContext } from '../run-context.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { createsAccounts } from '../created-accounts.ts';
import { shopperOnDemand } from '../shopper-fixture.ts';
import { claimedBehaviors } from '../tokens.ts';
import { validRequest } from '../valid-request.ts';

/**
 * Each operation's `x-required-behaviors`, with the limited client's token and its own claims:
 * an operation that needs a behavior the token does not carry answers a request that is
 * otherwise valid with 403 and Kibo's error body, and changes nothing; one whose behaviors the
 * token carries is not refused. So a target that ignores a behavior, or demands one the document
 * does not name, fails.
 */
export function requiredBehaviorsCheck(plan: ApiPlan): Check {
  const guarded = plan.operations.filter((o) => o.security.length > 0 && o.requiredBehaviors.length > 0);
  const names = guarded.map((o) => plan.assumptionOf(o.entry.operation, 'x-required-behaviors'));
  return {
    assumptions: idsOf(...names),
    group: 'auth',
    id: 'auth.required-behaviors',
    title: 'A token is refused exactly the operations whose required behaviors it lacks',
    rule: `x-required-behaviors: ${guarded.map((o) => `${o.operationId} needs ${o.requiredBehaviors.join(', ')}`).join('; ')}; a valid token without one → 403 with Kibo's error body and nothing changes; with them, the operation's success`,
    async run(context) {
      const token = await context.token('limited');
      if (token === undefined) {
        skip('no limited client was given (--limited-client-id and --limited-client-secret)');
      }
      const carried = claimedBehaviors(token);
      if (carried === undefined) {
        skip(
          "the limited client's token does not name its behaviors, so which operations it may call is unknown",
        );
      }
      return cleaningUp(context, async () => {
        const violations: Violation[] = [];
        for (const operation of guarded) {
          const missing = operation.requiredBehaviors.filter((b) => !carried.has(b));
          // Which behaviors an operation needs is the document's naming (Kibo's is not public).
          const naming = context.plan.assumptionOf(operation.entry.operation, 'x-required-behaviors');
          violations.push(
            ...tagged(await limitedCall(context, operation, `Bearer ${token}`, missing), naming),
          );
        }
        return violations;
      });
    },
  };
}

/** Calls one operation validly: refused (403, no change) when behaviors are missing, else answered. */
export async function limitedCall(
  context: RunContext,
  operation: OperationPlan,
  authorization: string,
  missing: readonly string[],
): Promise<Violation[]> {
  const label = context.data.label('behavior');
  // An account of its own, created with the main token: a delete that goes through takes nothing
  // another check needs.
  const shopper = shopperOnDemand(context, 'behavior-own');
  const request = await validRequest(context, operation, label, shopper);
  if (!request) return [];
  const reply = await context.call(operation.operationId, { ...request, authorization });
  if (missing.length === 0) {
    const why = `a token with ${operation.requiredBehaviors.join(', ')}, all ${operation.operationId} needs`;
    return expectStatus(
      reply,
      operation.statuses.filter((s) => s < 300),
      why,
    );
  }
  const why = `a token without ${missing.join(', ')}`;
  const violations = [...expectStatus(reply, [403], why), ...expectDeclaredError(context, reply)];
  if (createsAccounts(operation.operationId)) {
    violations.push(
      ...(await expectNothingCreated(context, byExternalIdPrefix(context.data.externalId(label)), why)),
    );
  }
  const accountId = request.params?.accountId;
  if (operation.operationId === operations.deleteAccount && accountId !== undefined) {
    const still = await context.call(operations.getAccount, { params: { accountId } });
    if (!succeeded(context.plan, still)) {
      violations.push({
        location: locate(still),
        message: `account ${accountId} is gone after a deleteAccount by ${why}${errorSummary(still)}`,
      });
    }
  }
  return violations;
}
