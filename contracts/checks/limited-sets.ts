import type { OpenAPIV3_1 } from 'openapi-types';
import { formatFieldPath, schemaAt, withFieldSet, type FieldPath } from '../../openapi/field-paths.ts';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { createsAccounts } from '../created-accounts.ts';
import {
  byExternalIdPrefix,
  expectDeclaredError,
  expectNothingCreated,
  expectStatus,
} from '../expectations.ts';
import type { RunContext } from '../run-context.ts';
import { shopperOnDemand } from '../shopper-fixture.ts';
import { validRequest } from '../valid-request.ts';

interface GuardedUse {
  readonly operation: OperationPlan;
  readonly path: FieldPath;
  readonly behavior: string;
}

/**
 * One check per field with `x-required-behavior` (the ticket durations), on every operation whose
 * body has it (Bulk, a sign-up, a sign-in): a token without the behavior that sends a value for it
 * in an otherwise valid request → 403 with Kibo's error body, and no account is created.
 */
export function limitedSetsChecks(plan: ApiPlan): Check[] {
  const byField = new Map<string, GuardedUse[]>();
  for (const operation of plan.operations) {
    for (const { path, behavior } of operation.body?.rules.guarded ?? []) {
      const property = formatFieldPath(path);
      byField.set(property, [...(byField.get(property) ?? []), { operation, path, behavior }]);
    }
  }
  return [...byField].map(([property, uses]) => limitedSets(property, uses));
}

function limitedSets(property: string, uses: readonly GuardedUse[]): Check {
  const behaviors = [...new Set(uses.map((use) => use.behavior))].join(', ');
  return {
    group: 'auth',
    id: `auth.limited-sets-${property.replace(/\[\]/g, '')}`,
    title: `A token without ${behaviors} cannot set ${property}`,
    rule: `${property} has x-required-behavior: ${behaviors} (${uses.map((use) => use.operation.operationId).join(', ')}); a valid token without it → 403 with Kibo's error body; nothing is created`,
    async run(context) {
      const token = await context.token('limited');
      if (token === undefined) {
        skip('no limited client was given (--limited-client-id and --limited-client-secret)');
      }
      return cleaningUp(context, async () => {
        const violations: Violation[] = [];
        for (const use of uses) violations.push(...(await setByLimited(context, use, `Bearer ${token}`)));
        return violations;
      });
    },
  };
}

async function setByLimited(
  context: RunContext,
  use: GuardedUse,
  authorization: string,
): Promise<Violation[]> {
  const { operation, path, behavior } = use;
  const label = context.data.label('auth');
  const request = await validRequest(context, operation, label, shopperOnDemand(context, 'auth-own'));
  if (!request || request.body === undefined) return [];
  // A value the schema accepts, so the only thing wrong with the request is the missing behavior.
  const value = sampleValue(schemaAt(operation.body?.itemSchema, path) ?? {});
  const set = (item: unknown) => withFieldSet(item, path, value);
  const body = Array.isArray(request.body) ? request.body.map(set) : set(request.body);
  const reply = await context.call(operation.operationId, { ...request, body, authorization });
  const why = `a token without ${behavior} setting ${formatFieldPath(path)} on ${operation.operationId}`;
  return [
    ...expectStatus(reply, [403], why),
    ...expectDeclaredError(context, reply),
    ...(createsAccounts(operation.operationId)
      ? await expectNothingCreated(context, byExternalIdPrefix(context.data.externalId(label)), why)
      : []),
  ];
}

/** A valid value of a guarded field's schema: the check must fail only for the missing behavior. */
function sampleValue(schema: OpenAPIV3_1.SchemaObject): unknown {
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    return Math.max(schema.minimum ?? 1, Math.min(60, schema.maximum ?? 60));
  }
  if (types.includes('boolean')) return true;
  if (schema.enum?.[0] !== undefined) return schema.enum[0] as unknown;
  return 'contract-check';
}
