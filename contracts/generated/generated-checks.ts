import fc from 'fast-check';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import type { CallOptions } from '../../client/http-client.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { expectDeclaredAnswer, expectDeclaredError, expectStatus, expectSuccess } from '../expectations.ts';
import type { RunContext } from '../run-context.ts';
import { shopperOnDemand } from '../shopper-fixture.ts';
import { validRequest, type ShopperSource } from '../valid-request.ts';
import { checkProperty, type CaseOutcome } from './check-property.ts';
import { noteExercised } from './exercised-rules.ts';
import { generatedParts, mergedRequest, takesBody } from './generated-request.ts';
import { pickBreak, requestBreaks } from './request-breaks.ts';

/**
 * Two property checks per operation of the document, cases drawn by fast-check from its schemas:
 * requests valid by construction are accepted with the declared success status, and requests
 * with exactly one rule broken are refused with the declared 4xx and Kibo's error body. Every
 * answer is also judged against the document. Seeded from the run's seed (`--seed` replays),
 * `--max-examples` cases each; a failure is shrunk and printed as a curl command.
 */
export function generatedChecks(plan: ApiPlan): Check[] {
  return plan.operations.flatMap((operation, index) => [
    acceptsValid(plan, operation, 2 * index),
    // Nothing to break in a request without a body or query parameters (its path has its own checks).
    ...(operation.body || operation.parameters.query.length > 0
      ? [refusesInvalid(plan, operation, 2 * index + 1)]
      : []),
  ]);
}

function acceptsValid(plan: ApiPlan, operation: OperationPlan, offset: number): Check {
  return {
    group: 'generated',
    id: `generated.${operation.operationId}-accepts-valid`,
    title: `${operation.operationId} accepts requests generated valid from its schemas`,
    rule: `${operation.method} ${operation.path}: a request its schemas allow (optional fields present or not, bounds, enums) → ${operation.success.status}, answered as the document declares`,
    run: (context) =>
      propertyRun(
        context,
        operation,
        offset,
        fc.record({ parts: generatedParts(plan, operation) }),
        async (valid) => {
          const reply = await context.call(operation.operationId, valid);
          noteExercised(context, operation.operationId, 'valid');
          return {
            exchange: reply,
            violations: [
              ...expectSuccess(context.plan, reply, 'a request valid by the document'),
              ...expectDeclaredAnswer(context, reply, 'answer'),
            ],
          };
        },
      ),
  };
}

function refusesInvalid(plan: ApiPlan, operation: OperationPlan, offset: number): Check {
  return {
    group: 'generated',
    id: `generated.${operation.operationId}-refuses-invalid`,
    title: `${operation.operationId} refuses requests generated with one rule broken`,
    rule: `${operation.method} ${operation.path}: a valid request with one rule broken (type, required, format, bound, enum, unknown field, media type) → the declared 4xx with Kibo's error body, never a 5xx`,
    run: (context) =>
      propertyRun(
        context,
        operation,
        offset,
        fc.record({ parts: generatedParts(plan, operation), kindPick: fc.nat(), pick: fc.nat() }),
        async (valid, { kindPick, pick }) => {
          const broken = pickBreak(requestBreaks(context, operation, valid), kindPick, pick)?.build();
          if (!broken) return { discard: true };
          const reply = await context.call(operation.operationId, broken.request);
          noteExercised(context, operation.operationId, broken.kind);
          return {
            exchange: reply,
            violations: [
              ...expectStatus(reply, [broken.status], broken.sent, broken.assumption),
              ...expectDeclaredError(context, reply),
            ],
          };
        },
      ),
  };
}

/**
 * The property's frame: a valid request of the operation (the suite's own, with the run's
 * shopper), the drawn parts over it, cases the schema would not allow after all discarded, and
 * every account a case creates deleted before the next. An operation that may spend its shopper
 * (a delete, a password change) gets a fresh one per case.
 */
async function propertyRun<T extends { parts: Parameters<typeof mergedRequest>[2] }>(
  context: RunContext,
  operation: OperationPlan,
  offset: number,
  arbitrary: fc.Arbitrary<T>,
  send: (valid: CallOptions, drawn: T) => Promise<CaseOutcome>,
): Promise<Violation[]> {
  const spends = operation.method === 'DELETE' || (operation.body?.rules.writeOnly.length ?? 0) > 0;
  return cleaningUp(context, async () => {
    const shared = shopperOnDemand(context, 'gen');
    const shopper = (): ShopperSource => (spends ? shopperOnDemand(context, 'gen') : shared);
    const probe = await validRequest(context, operation, context.data.label('gen'), shared);
    if (!probe)
      skip(
        `the suite cannot build a valid ${operation.operationId} request here (it needs what the run was not given: client credentials, --outbox-url for a reset code, --tenant for the tenant's id)`,
      );
    const { seed, maxExamples } = context.generation;
    return checkProperty(
      context,
      arbitrary,
      (drawn) =>
        cleaningUp(context, async () => {
          const label = context.data.label('gen');
          const base = await validRequest(context, operation, label, shopper());
          if (!base) return { discard: true };
          const valid = mergedRequest(operation, base, drawn.parts, context.data, label);
          if (!takesBody(operation, valid.body, context.validate)) return { discard: true };
          return send(valid, drawn);
        }),
      { seed: (seed + offset) % 2 ** 31, numRuns: maxExamples },
    );
  });
}
