import type { Context } from 'hono';
import type { LoadedDocument, OperationEntry } from '../../openapi/load-document.ts';
import {
  guardedProperties,
  maxBodyBytes,
  maxJsonDepth,
  needsAuth,
  requestItemSchema,
  requiredBehaviors,
} from '../../openapi/rules.ts';
import { authenticate, forbidden, resolveTenant } from '../auth/auth-guard.ts';
import { invalidParameter, type Violation } from './errors.ts';
import type { MockEnv } from './mock-env.ts';
import type { OperationHandler, OperationResult } from './operation-context.ts';
import { parsePrefer, preferredResponse } from './prefer.ts';
import { readJsonBody } from './read-json-body.ts';
import type { Checked, OperationValidator } from './request-validator.ts';
import { applyResponseFields, parseResponseFields } from './response-fields.ts';
import { sendJson } from './send-json.ts';
import type { World } from '../world/world.ts';

export interface RouteDependencies {
  readonly loaded: LoadedDocument;
  readonly validator: OperationValidator;
  readonly handler: OperationHandler;
  /** The current world: a scenario loaded at run time replaces it between two requests. */
  readonly world: () => World;
}

/**
 * One operation's request pipeline, in the order the document's info.description states: a
 * scenario's fault rules, credentials (401), malformed context headers (400), tenant and
 * operation behaviors (403), Prefer, media type (415), size (413), body syntax, parameters and
 * body schema (400), behavior-guarded fields (403), then the handler (404 / 409 / success), then
 * `responseFields` on the success body.
 */
export function operationRoute(entry: OperationEntry, deps: RouteDependencies) {
  const secured = needsAuth(deps.loaded, entry);
  const behaviors = requiredBehaviors(entry);
  const limits = { maxBytes: maxBodyBytes(entry), maxDepth: maxJsonDepth(entry) };
  const itemSchema = requestItemSchema(entry);
  const guarded = itemSchema ? guardedProperties(itemSchema) : [];

  return async (c: Context<MockEnv>) => {
    c.set('operationId', entry.operationId);
    const world = deps.world();
    const fault = world.faults?.(entry.operationId);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.response) return send(c, fault.response);

    const url = new URL(c.req.url);
    const claims = secured ? await authenticate(c, world.tokens) : undefined;
    checked(deps.validator.headers(c.req.header()));
    const tenant = claims ? world.tenant(resolveTenant(c, url, claims)) : undefined;
    const missing = claims ? behaviors.filter((b) => !claims.behaviors.has(b)) : [];
    if (missing[0] !== undefined) {
      throw forbidden(`${entry.operationId} requires the behavior ${missing.join(', ')}`, missing[0]);
    }

    const preferred = preferredResponse(entry, parsePrefer(c.req.header('prefer')));
    if (preferred) return send(c, preferred);

    const json = deps.validator.hasBody ? await readJsonBody(c, limits) : undefined;
    const query = checked(deps.validator.query(singleValues(url)));
    const path = checked(deps.validator.path(c.req.param()));
    const selection =
      typeof query.responseFields === 'string' ? fieldSelection(query.responseFields) : undefined;
    const body = json ? checked(deps.validator.body(json.value)) : undefined;

    for (const { property, behavior } of guarded) {
      if (claims?.behaviors.has(behavior)) continue;
      const items = Array.isArray(body) ? body : [body];
      const index = items.findIndex(
        (item) => item != null && (item as Record<string, unknown>)[property] != null,
      );
      if (index >= 0) {
        const where = Array.isArray(body) ? `[${index}].${property}` : property;
        throw forbidden(`setting ${where} requires the behavior ${behavior}`, behavior);
      }
    }

    const result = await deps.handler({ entry, query, path, body, claims, tenant, now: world.clock() });
    const shaped =
      selection && result.body !== undefined ? applyResponseFields(result.body, selection) : result.body;
    return send(c, { ...result, body: shaped });
  };
}

function send(c: Context<MockEnv>, result: OperationResult): Response {
  if (result.body === undefined) return c.body(null, result.status as 204, result.headers);
  return sendJson(c, result.status, result.body, result.headers);
}

/** Query parameters, each given once: a repeated one is ambiguous, so it is refused, not guessed. */
function singleValues(url: URL): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in values) throw invalidParameter(name, `${name} is given more than once`);
    values[name] = value;
  }
  return values;
}

function checked<T>(result: Checked<T>): T {
  if (result.ok) return result.value;
  throw invalidParameter('', summary(result.violations), result.violations);
}

function summary(violations: readonly Violation[]): string {
  const items = new Set(violations.map((v) => v.index).filter((i) => i !== undefined)).size;
  const count = violations.length;
  const what =
    items > 0
      ? `${items} item${items === 1 ? '' : 's'} failed validation; nothing was created`
      : `${count} problem${count === 1 ? '' : 's'}`;
  return `${what}: ${violations[0]?.message ?? ''}`;
}

function fieldSelection(expression: string) {
  const parsed = parseResponseFields(expression);
  if (parsed.ok) return parsed.value;
  throw invalidParameter('responseFields', parsed.message);
}
