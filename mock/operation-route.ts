import type { Context } from 'hono';
import type { LoadedDocument, OperationEntry } from '../openapi/load-document.ts';
import {
  guardedProperties,
  maxBodyBytes,
  needsAuth,
  requestBodySchema,
  requiredBehaviors,
} from '../openapi/rules.ts';
import { kiboError, type Violation } from './errors.ts';
import type { OperationHandler, OperationResult } from './operations/operation-context.ts';
import { parsePrefer, preferredResponse } from './prefer.ts';
import type { OperationValidator } from './request-validator.ts';
import { applyResponseFields, parseResponseFields } from './response-fields.ts';
import type { MockEnv } from './mock-env.ts';
import type { TokenClaims, TokenService } from './token-service.ts';
import type { World } from './world.ts';

export interface RouteDependencies {
  readonly loaded: LoadedDocument;
  readonly validator: OperationValidator;
  readonly handler: OperationHandler;
  /** The current world: a scenario loaded at run time replaces it between two requests. */
  readonly world: () => World;
}

/**
 * One operation's request pipeline, in the order the document states: credentials (401), tenant
 * and operation behaviors (403), Prefer, media type (415), size (413), parameters and body (400),
 * behavior-guarded fields (403), then the handler (which may answer 404 / 409), then
 * `responseFields` on the success body.
 */
export function operationRoute(entry: OperationEntry, deps: RouteDependencies) {
  const secured = needsAuth(deps.loaded, entry);
  const behaviors = requiredBehaviors(entry);
  const limit = maxBodyBytes(entry);
  const bodySchema = requestBodySchema(entry);
  const itemSchema = bodySchema?.type === 'array' ? bodySchema.items : bodySchema;
  const guarded = itemSchema && typeof itemSchema === 'object' ? guardedProperties(itemSchema) : [];

  return async (c: Context<MockEnv>) => {
    c.set('operationId', entry.operationId);
    const world = deps.world();
    const fault = world.faults?.(entry.operationId);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.response) return send(c, fault.response);

    const claims = secured ? await authenticate(c, world.tokens) : undefined;
    const tenant = claims ? world.tenant(resolveTenant(c, claims)) : undefined;
    const missing = claims ? behaviors.filter((b) => !claims.behaviors.has(b)) : [];
    if (missing.length > 0) {
      throw forbidden(`${entry.operationId} requires the behavior ${missing.join(', ')}`, missing[0] ?? '');
    }

    const preferred = preferredResponse(entry, parsePrefer(c.req.header('prefer')));
    if (preferred) return send(c, preferred);

    const query = checked(deps.validator.query(c.req.query()));
    const path = checked(deps.validator.path(c.req.param()));
    checked(deps.validator.headers(c.req.header()));
    const selection =
      typeof query.responseFields === 'string' ? fieldSelection(query.responseFields) : undefined;
    const body = deps.validator.hasBody ? checked(deps.validator.body(await readJson(c, limit))) : undefined;

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
    return send(
      c,
      selection && result.body !== undefined
        ? { ...result, body: applyResponseFields(result.body, selection) }
        : result,
    );
  };
}

function send(c: Context, result: OperationResult): Response {
  if (result.body === undefined) return c.body(null, status(result.status), result.headers);
  return c.json(result.body, status(result.status), result.headers);
}

async function authenticate(c: Context, tokens: TokenService): Promise<TokenClaims> {
  const check = await tokens.verify(c.req.header('authorization'));
  if (check.ok) return check.claims;
  // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
  const challenge =
    c.req.header('authorization') === undefined
      ? 'Bearer realm="kibo"'
      : `Bearer realm="kibo", error="${check.error}", error_description="${check.description.replace(/"/g, "'")}"`;
  throw kiboError(
    401,
    'UNAUTHORIZED',
    `Authorization has been refused for those credentials: ${check.description}`,
    {
      headers: { 'WWW-Authenticate': challenge },
    },
  );
}

/**
 * The tenant a request is for: `x-vol-tenant`, else the host's `t{tenantId}` (as Kibo's URLs carry
 * it), else the token's first tenant. A token never acts on a tenant it does not carry.
 */
function resolveTenant(c: Context, claims: TokenClaims): number {
  const header = c.req.header('x-vol-tenant');
  const host = /^t(\d+)(?:-s\d+)?\./.exec(new URL(c.req.url).hostname)?.[1];
  const asked = header ?? host;
  const tenantId = asked === undefined ? claims.tenants[0] : Number(asked);
  if (tenantId === undefined || !Number.isInteger(tenantId)) {
    throw forbidden('the token carries no tenant', '');
  }
  if (!claims.tenants.includes(tenantId)) {
    throw forbidden(`the token is not valid for tenant ${tenantId}`, '');
  }
  return tenantId;
}

function forbidden(reason: string, behavior: string) {
  return kiboError(403, 'FORBIDDEN', `Token Not Authorized: ${reason}`, {
    data: behavior ? { RequiredBehavior: behavior } : {},
  });
}

function checked<T>(result: { ok: true; value: T } | { ok: false; violations: Violation[] }): T {
  if (result.ok) return result.value;
  const count = result.violations.length;
  const items = new Set(result.violations.map((v) => v.index).filter((i) => i !== undefined)).size;
  const summary =
    items > 0
      ? `${items} item${items === 1 ? '' : 's'} failed validation; nothing was created`
      : `${count} problem${count === 1 ? '' : 's'}`;
  throw kiboError(
    400,
    'MISSING_OR_INVALID_PARAMETER',
    `Missing or invalid parameter: ${summary}: ${result.violations[0]?.message ?? ''}`,
    {
      violations: result.violations,
    },
  );
}

function fieldSelection(expression: string) {
  const parsed = parseResponseFields(expression);
  if (parsed.ok) return parsed.value;
  throw kiboError(400, 'MISSING_OR_INVALID_PARAMETER', `Missing or invalid parameter: ${parsed.message}`, {
    violations: [{ parameter: 'responseFields', message: parsed.message }],
  });
}

/** Reads a JSON body after checking its media type (415) and size (413, `x-max-body-bytes`). */
async function readJson(c: Context, limit: number | undefined): Promise<unknown> {
  const type = c.req.header('content-type');
  const media = type?.split(';')[0]?.trim().toLowerCase();
  if (media !== 'application/json') {
    throw kiboError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported media type: ${type ? `"${type}"` : 'none given'}; send application/json`,
      {
        data: { ContentType: type ?? '' },
      },
    );
  }
  const declared = Number(c.req.header('content-length'));
  if (limit !== undefined && declared > limit) throw tooLarge(declared, limit);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (limit !== undefined && bytes.byteLength > limit) throw tooLarge(bytes.byteLength, limit);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw kiboError(
      400,
      'MISSING_OR_INVALID_PARAMETER',
      `Missing or invalid parameter: the request body is not valid JSON (${reason})`,
      {
        violations: [{ parameter: 'body', message: `body is not valid JSON: ${reason}` }],
      },
    );
  }
}

function tooLarge(size: number, limit: number) {
  return kiboError(
    413,
    'REQUEST_TOO_LARGE',
    `Request entity too large: the body has ${size} bytes, at most ${limit} are accepted`,
    {
      data: { MaxBytes: String(limit) },
    },
  );
}

/** Hono types statuses as a literal union; ours come from the document. */
function status(code: number) {
  return code as 200;
}
