import type { Context } from 'hono';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import type { Faults } from '../world/scenarios/faults.ts';
import { methodNotAllowed, notFound, notMocked } from './error-catalogue.ts';
import type { Guard } from './guard.ts';
import type { MockEnv } from './mock-env.ts';
import type { OperationHandler } from './operation-context.ts';
import type { ErrorLimits } from './error-catalogue.ts';
import { errorLimitsOf } from './error-limits.ts';
import { createRequestValidators } from './request-validator.ts';
import { requestPipeline } from './request-pipeline.ts';

export interface ServedDocument<Credentials, Access> {
  readonly plan: ApiPlan;
  readonly guard: Guard<Credentials, Access>;
  /** One per operation of the document, by operationId. */
  readonly handlers: Readonly<Record<string, OperationHandler<Access>>>;
  readonly clock: () => number;
  readonly simulations?: { readonly faults: () => Faults | undefined };
  /**
   * The bounds error bodies keep, when not the plan's own: a relaxed plan (an assumption such as
   * `lengths` turned off) must not unbound what the mock answers to hostile input.
   */
  readonly errorLimits?: ErrorLimits;
  /**
   * Hears, once, which operations the document declares that no handler implements (an edited
   * document ahead of the mock); they answer 501 naming themselves, like `x-not-mocked` ones.
   */
  readonly onUnimplemented?: (operationIds: readonly string[]) => void;
}

/**
 * The route builder of every document the mock serves: one Hono handler that finds the operation
 * with the plan's path matcher (literal before template), answers 405 with `Allow` for a known
 * path under another method and 404 for an unknown one, and runs the operation's pipeline. A
 * handler without an operation fails at start-up (a typo); an operation without a handler answers
 * 501 naming itself, so a document edited ahead of the mock still serves the rest.
 * Hono's own router (and so hono/method-not-allowed) would take `GET …/accounts/Bulk` for
 * getAccount with an id "Bulk": the document's literal-before-template rule needs this matcher,
 * which the contract suite shares.
 */
export function serveDocument<Credentials, Access>(served: ServedDocument<Credentials, Access>) {
  const { plan, handlers } = served;
  const unknown = Object.keys(handlers).filter((id) => !plan.operations.some((o) => o.operationId === id));
  if (unknown.length > 0)
    throw new Error(`Handlers for operations the document lacks: ${unknown.join(', ')}`);
  const errorLimits = served.errorLimits ?? errorLimitsOf(plan);
  // Checking stops once there are more violations than a 400 can list.
  const validators = createRequestValidators(plan, errorLimits.items);
  const unimplemented = plan.operations.filter((operation) => !handlers[operation.operationId]);
  if (unimplemented.length > 0) served.onUnimplemented?.(unimplemented.map((o) => o.operationId));
  const pipelines = new Map(
    plan.operations.flatMap((operation) => {
      const handler = handlers[operation.operationId];
      if (!handler) return [];
      const pipeline = requestPipeline(operation, {
        guard: served.guard,
        validator: validators(operation.operationId),
        handler,
        clock: served.clock,
        errorLimits,
        simulations: served.simulations,
      });
      return [[operation, pipeline] as const];
    }),
  );
  return (c: Context<MockEnv, string>): Promise<Response> => {
    const match = plan.match(c.req.method, c.req.path);
    if (match.kind === 'not-found') {
      throw notFound(`no operation at ${c.req.method} ${c.req.path}; see /openapi.json`);
    }
    if (match.kind === 'method-not-allowed') throw methodNotAllowed(c.req.method, c.req.path, match.allowed);
    if ('notMocked' in match.value) throw notMocked(match.value);
    c.set('operationId', match.value.operationId);
    const pipeline = pipelines.get(match.value);
    if (!pipeline) throw notMocked(match.value);
    return pipeline(c, match.params);
  };
}
