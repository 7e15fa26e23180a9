import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { errorSummary } from '../../client/error-summary.ts';
import { locate, type CallOptions } from '../../client/http-client.ts';
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
import { claimedBehaviors } from '../tokens.ts';

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
      const violations: Violation[] = [];
      for (const operation of guarded) {
        const missing = operation.requiredBehaviors.filter((b) => !carried.has(b));
        // Which behaviors an operation needs is the document's naming (Kibo's is not public).
        const naming = context.plan.assumptionOf(operation.entry.operation, 'x-required-behaviors');
        violations.push(...tagged(await limitedCall(context, operation, `Bearer ${token}`, missing), naming));
      }
      return violations;
    },
  };
}

/** Calls one operation validly: refused (403, no change) when behaviors are missing, else answered. */
async function limitedCall(
  context: RunContext,
  operation: OperationPlan,
  authorization: string,
  missing: readonly string[],
): Promise<Violation[]> {
  const label = context.data.label('behavior');
  const request = await validRequest(context, operation, label);
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
  if (operation.operationId === operations.addAccounts) {
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

/**
 * A request the operation accepts but for its credentials: an account of its own (created with
 * the main token, so a delete that goes through takes nothing another check needs) for the path
 * and for required query parameters that name an account by one of its fields (the login-state
 * lookups' emailAddress and userName), the body of a one-account batch. Operations whose valid
 * request the suite cannot build yet are left out.
 */
async function validRequest(
  context: RunContext,
  operation: OperationPlan,
  label: string,
): Promise<CallOptions | undefined> {
  const named = operation.parameters.query.filter(
    (parameter) => parameter.required === true && accountFields.has(parameter.name),
  );
  const params: Record<string, number> = {};
  const query: Record<string, string> = {};
  if (operation.parameters.path.length > 0 || named.length > 0) {
    const created = await context.call(operations.addAccounts, { body: [context.data.item(`${label}-own`)] });
    const account = (created.json as { items?: Record<string, unknown>[] } | undefined)?.items?.[0];
    const id = account?.id;
    if (!succeeded(context.plan, created) || typeof id !== 'number') {
      skip(
        `could not create an account to call ${operation.operationId} on: ${locate(created)}${errorSummary(created)}`,
      );
    }
    for (const parameter of operation.parameters.path) params[parameter.name] = id;
    for (const parameter of named) {
      const value = account?.[parameter.name];
      if (typeof value !== 'string') return undefined;
      query[parameter.name] = value;
    }
  }
  if (!operation.body) return named.length > 0 ? { params, query } : { params };
  if (operation.operationId === operations.addAccounts) return { params, body: [context.data.item(label)] };
  return undefined;
}

/** Account fields a required query parameter may name an account by. */
const accountFields = new Set(['emailAddress', 'userName']);
