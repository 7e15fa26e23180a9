import type { Context } from 'hono';
import { everyItem, fieldValues, formatLocation } from '../../openapi/field-paths.ts';
import type { TenantStore } from '../accounts/account-store.ts';
import { forbidden, refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { Guard } from '../http/guard.ts';
import type { MockEnv } from '../http/mock-env.ts';
import type { TokenClaims, TokenService } from './token-service.ts';

/** What a request to Kibo's API may act on, once its token passed: undefined on open operations. */
export type KiboAccess = { readonly claims: TokenClaims; readonly tenant: TenantStore } | undefined;

export interface KiboGuardDependencies {
  /** The current world's tokens and tenants: a scenario loaded at run time replaces them. */
  readonly tokens: () => TokenService;
  readonly tenant: (tenantId: number) => TenantStore;
}

/**
 * Auth of Kibo's API, all of it: the bearer JWT (401), the tenant the token may act on and the
 * operation's `x-required-behaviors` (403), and the fields marked `x-required-behavior` (403).
 */
export function kiboGuard(deps: KiboGuardDependencies): Guard<TokenClaims | undefined, KiboAccess> {
  return {
    authenticate: (c, plan) =>
      plan.security.length > 0 ? authenticate(c, deps.tokens(), plan.challenges) : Promise.resolve(undefined),
    authorize(c, plan, claims) {
      if (!claims) return undefined;
      const tenant = deps.tenant(resolveTenant(c, claims));
      const missing = plan.requiredBehaviors.filter((b) => !claims.behaviors.has(b));
      if (missing[0] !== undefined) {
        throw forbidden(`${plan.operationId} requires the behavior ${missing.join(', ')}`, missing[0]);
      }
      return { claims, tenant };
    },
    authorizeFields(plan, access, body) {
      const rules = plan.body?.rules.guarded ?? [];
      for (const { path, behavior } of rules) {
        if (access?.claims.behaviors.has(behavior)) continue;
        const set = fieldValues(body, plan.body?.isArray ? [everyItem, ...path] : path).find(
          ({ value }) => value !== null,
        );
        if (set)
          throw forbidden(`setting ${formatLocation(set.where)} requires the behavior ${behavior}`, behavior);
      }
    },
  };
}

/** The bearer token's claims, or a 401 (with RFC 6750's challenge when the operation promises one). */
async function authenticate(
  c: Context<MockEnv>,
  tokens: TokenService,
  challenges: boolean,
): Promise<TokenClaims> {
  const check = await tokens.verify(c.req.header('authorization'));
  if (check.ok) return check.claims;
  // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
  const challenge =
    c.req.header('authorization') === undefined
      ? 'Bearer realm="kibo"'
      : `Bearer realm="kibo", error="${check.error}", error_description="${check.description}"`;
  throw unauthorized(`${refusedCredentials}: ${check.description}`, challenges ? challenge : undefined);
}

/**
 * The tenant a request is for: `x-vol-tenant` (already checked against the document's pattern),
 * else the host's `t{tenantId}` as Kibo's URLs carry it, else the token's first tenant. A token
 * never acts on a tenant it does not carry.
 */
function resolveTenant(c: Context<MockEnv>, claims: TokenClaims): number {
  const host = new URL(c.req.url).hostname;
  const asked = c.req.header('x-vol-tenant') ?? /^t(\d+)(?:-s\d+)?\./.exec(host)?.[1];
  const tenantId = asked === undefined ? claims.tenants[0] : Number(asked);
  if (tenantId === undefined) throw forbidden('the token carries no tenant');
  // Not a number (the header's pattern turned off with context-headers): no tenant of the token.
  if (!claims.tenants.includes(tenantId))
    throw forbidden(`the token is not valid for tenant ${asked ?? tenantId}`);
  return tenantId;
}
