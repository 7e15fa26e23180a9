import type { Context } from 'hono';
import { fieldRemover } from '../../openapi/field-paths.ts';
import type { FieldSelectionPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import type { Faults } from '../world/scenarios/faults.ts';
import { invalidParameter, invalidRequest, type ErrorLimits, type Violation } from './error-catalogue.ts';
import type { Guard } from './guard.ts';
import type { MockEnv } from './mock-env.ts';
import type { OperationHandler, OperationResult } from './operation-context.ts';
import { parsePrefer, preferredResponse } from './prefer.ts';
import { readJsonBody } from './read-json-body.ts';
import type { Checked, OperationValidator } from './request-validator.ts';
import { applyResponseFields, parseResponseFields, type FieldSelection } from './response-fields.ts';
import { sendJson } from './send-json.ts';

export interface PipelineDependencies<Credentials, Access> {
  readonly guard: Guard<Credentials, Access>;
  readonly validator: OperationValidator;
  readonly handler: OperationHandler<Access>;
  readonly clock: () => number;
  /** The error body's bounds, which every 400 keeps. */
  readonly errorLimits: ErrorLimits;
  /**
   * A scenario's fault rules and the `Prefer` header: what a frontend uses to see its loading and
   * error states. Only Kibo's API has them; the admin API answers plainly.
   */
  readonly simulations?: { readonly faults: () => Faults | undefined };
}

/**
 * One operation's request pipeline, in the order the document's info.description states: a
 * scenario's fault rules, credentials (401), malformed context headers (400), tenant and
 * operation behaviors (403), Prefer, media type (415), size (413), body syntax, parameters and
 * body schema (400), behavior-guarded fields (403), then the handler (404 / 409 / success), then
 * the success body without its `x-write-only` fields, then `responseFields` on it.
 */
export function requestPipeline<Credentials, Access>(
  plan: OperationPlan,
  deps: PipelineDependencies<Credentials, Access>,
) {
  const { guard, validator, handler, simulations, errorLimits } = deps;
  // Here rather than in each handler: a field marked write-only is never answered, whoever holds
  // it (a generated account, a stored one, a scenario's fixed one) and however deep it sits.
  const withoutWriteOnly = successFilter(plan);
  const checked = <T>(result: Checked<T>): T => {
    if (result.ok) return result.value;
    throw invalidRequest(result.violations, errorLimits, result.incomplete);
  };
  return async (c: Context<MockEnv, string>, params: Readonly<Record<string, string>>): Promise<Response> => {
    if (simulations) {
      const fault = simulations.faults()?.(plan.operationId);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.response) return send(c, plan, fault.response);
    }

    const credentials = await guard.authenticate(c, plan);
    checked(validator.headers(c.req.header()));
    const access = guard.authorize(c, plan, credentials);

    if (simulations) {
      const preferred = preferredResponse(plan, parsePrefer(c.req.header('prefer')));
      if (preferred) return send(c, plan, withoutWriteOnly(preferred));
    }

    const json = plan.body ? await readJsonBody(c, plan.body) : undefined;
    if (plan.body?.required && !json) throw invalidParameter('body', 'the request body is required');
    const url = new URL(c.req.url);
    const query = checked(validator.query(singleValues(url)));
    const path = checked(validator.path({ ...params }));
    const selections = fieldSelections(plan, query);
    const { body, rejected } = json
      ? acceptedBody(plan, json.value, validator.body(json.value), errorLimits)
      : noBody;
    guard.authorizeFields(plan, access, body, path);

    const result = await handler({
      plan,
      query,
      path,
      body,
      rejected,
      bodyText: json?.text,
      access,
      now: deps.clock(),
      host: url.host,
    });
    const answer = withoutWriteOnly(result);
    return send(c, plan, { ...answer, body: selections.reduce(shape, answer.body) });
  };
}

/** Drops the success schema's write-only fields from a success answer; other answers pass as they are. */
function successFilter(plan: OperationPlan): (result: OperationResult) => OperationResult {
  const remove = fieldRemover(plan.success.writeOnly);
  return (result) =>
    result.status === plan.success.status && result.body !== undefined
      ? { ...result, body: remove(result.body) }
      : result;
}

/** An answer in the media type the document declares for its status. */
function send(c: Context<MockEnv>, plan: OperationPlan, result: OperationResult): Response {
  if (result.body === undefined) return c.body(null, result.status as 204, result.headers);
  const [mediaType] = Object.keys(plan.response(result.status)?.content ?? {});
  return sendJson(c, result.status, result.body, result.headers, mediaType);
}

/**
 * Query parameters, each given once: a repeated one is ambiguous, so it is refused, not guessed.
 * Kept in an object without a prototype, where `__proto__` is a name like any other (and so an
 * undeclared parameter), not a way to set the object's prototype that drops it unseen.
 */
function singleValues(url: URL): Record<string, string> {
  const values = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(values, name)) throw invalidParameter(name, `${name} is given more than once`);
    values[name] = value;
  }
  return values;
}

const noBody = { body: undefined, rejected: [] };

/**
 * The validated body. A batch that is not `x-all-or-nothing` goes on with its failing items
 * set apart (the handler creates the rest); anything else that fails is a 400.
 */
function acceptedBody(
  plan: OperationPlan,
  sent: unknown,
  result: Checked<unknown>,
  limits: ErrorLimits,
): { body: unknown; rejected: readonly Violation[] } {
  if (result.ok) return { body: result.value, rejected: [] };
  const partial = plan.body?.isArray === true && !plan.allOrNothing;
  if (partial && result.violations.every((v) => v.index !== undefined)) {
    return { body: sent, rejected: result.violations };
  }
  throw invalidRequest(result.violations, limits, result.incomplete);
}

interface Selection {
  readonly appliesTo: FieldSelectionPlan['appliesTo'];
  readonly fields: FieldSelection;
}

/** The operation's `x-field-selection` parameters that were given, parsed before anything is done. */
function fieldSelections(plan: OperationPlan, query: Readonly<Record<string, unknown>>): Selection[] {
  return plan.fieldSelections.flatMap(({ parameter, appliesTo, refuseMalformed }) => {
    const text = query[parameter];
    if (typeof text !== 'string') return [];
    const parsed = parseResponseFields(text);
    if (parsed.ok) return [{ appliesTo, fields: parsed.value }];
    if (refuseMalformed) throw invalidParameter(parameter, parsed.message);
    return [];
  });
}

function shape(body: unknown, { appliesTo, fields }: Selection): unknown {
  if (body === undefined) return body;
  if (appliesTo === 'body') return applyResponseFields(body, fields);
  const page = body as { items?: unknown };
  if (!Array.isArray(page.items)) return body;
  return { ...page, items: page.items.map((item: unknown) => applyResponseFields(item, fields)) };
}
