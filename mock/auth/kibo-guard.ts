import type { Context } from 'hono';
import { everyItem, fieldValues, formatLocation } from '../../openapi/field-paths.ts';
import { kiboHostIds } from '../../openapi/kibo-host-ids.ts';
import type { TenantStore } from '../accounts/account-store.ts';
import { forbidden, refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { Guard } from '../http/guard.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { MockEnv } from '../http/mock-env.ts';
import type { ShopperTokens, UserClaims } from './shopper-tokens.ts';
import type { TokenClaims, TokenService } from './token-service.ts';

/**
 * What a request to Kibo's API may act on, once its token passed: undefined on open operations.
 * `shopper`: the signed-in (or anonymous) shopper of `x-vol-user-claims`, when the request names one.
 */
export type KiboAccess =
  { readonly claims: TokenClaims; readonly tenant: TenantStore; readonly shopper?: UserClaims } | undefined;

/** The application's claims and, when the request carries them, the shopper's. */
export interface KiboCredentials {
  readonly app: TokenClaims;
  readonly shopper?: UserClaims;
  readonly shopperTenant?: number;
}

export interface KiboGuardDependencies {
  /** The current world's tokens and tenants: a scenario loaded at run time replaces them. */
  readonly tokens: () => TokenService;
  readonly shoppers: () => ShopperTokens;
  readonly tenant: (tenantId: number) => TenantStore;
}

/** The header Kibo's SDK sends a shopper's ticket in (its `userClaims`). */
export const userClaimsHeader = 'x-vol-user-claims';
/** Where Kibo's SDK sends the application's token when configured with `appClaims`. */
const appClaimsHeader = 'x-vol-app-claims';

/**
 * Auth of Kibo's API, all of it: the bearer JWT (401), the shopper's `x-vol-user-claims` (401),
 * the tenant the token may act on and the operation's `x-required-behaviors` (403), the fields
 * marked `x-required-behavior` (403), and a shopper kept to their own account
 * (`x-user-claims-account`, 403).
 */
export function kiboGuard(deps: KiboGuardDependencies): Guard<KiboCredentials | undefined, KiboAccess> {
  return {
    async authenticate(c, plan) {
      if (plan.security.length === 0) return undefined;
      const app = await authenticate(c, deps.tokens(), plan.challenges);
      const sent = c.req.header(userClaimsHeader);
      if (sent === undefined) {
        if (claimsRequired(plan)) {
          throw unauthorized(
            `${refusedCredentials}: no signed-in shopper (${userClaimsHeader}): send their ticket's accessToken`,
            shopperChallenge(plan),
          );
        }
        return { app };
      }
      const check = await deps.shoppers().verify(sent);
      if (!check.ok)
        throw unauthorized(`${refusedCredentials}: ${check.description}`, shopperChallenge(plan));
      if (claimsRequired(plan) && check.claims.anon !== '0') {
        throw unauthorized(
          `${refusedCredentials}: an anonymous shopper has no account; sign in first`,
          shopperChallenge(plan),
        );
      }
      return { app, shopper: check.claims, shopperTenant: check.tenantId };
    },
    authorize(c, plan, credentials) {
      if (!credentials) return undefined;
      const claims = credentials.app;
      const tenantId = resolveTenant(c, claims);
      if (credentials.shopper && credentials.shopperTenant !== tenantId) {
        throw forbidden(
          `the shopper in ${userClaimsHeader} belongs to tenant ${credentials.shopperTenant}, not ${tenantId}`,
        );
      }
      const tenant = deps.tenant(tenantId);
      const missing = plan.requiredBehaviors.filter((b) => !claims.behaviors.has(b));
      if (missing[0] !== undefined) {
        throw forbidden(`${plan.operationId} requires the behavior ${missing.join(', ')}`, missing[0]);
      }
      return credentials.shopper ? { claims, tenant, shopper: credentials.shopper } : { claims, tenant };
    },
    authorizeFields(plan, access, body, path) {
      const owner = plan.userClaimsAccount;
      if (owner !== undefined && access?.shopper) {
        const asked = path[owner];
        if (access.shopper.accountId !== asked) {
          throw forbidden(
            `the shopper signed in (${userClaimsHeader}) may act only on their own account, not account ${String(asked)}`,
          );
        }
      }
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

/** True when the operation declares the shopper's header required (the current account). */
function claimsRequired(plan: OperationPlan): boolean {
  return plan.parameters.header.some(
    (parameter) => parameter.name.toLowerCase() === userClaimsHeader && parameter.required === true,
  );
}

/**
 * The challenge of a 401 about the shopper's claims, when the operation promises one: the bearer
 * token itself was fine, so it names no error of it (RFC 6750 §3).
 */
function shopperChallenge(plan: OperationPlan): string | undefined {
  return plan.challenges ? 'Bearer realm="kibo"' : undefined;
}

/** The bearer token's claims, or a 401 (with RFC 6750's challenge when the operation promises one). */
async function authenticate(
  c: Context<MockEnv>,
  tokens: TokenService,
  challenges: boolean,
): Promise<TokenClaims> {
  // Kibo's SDK configured with appClaims sends the application's token there, and no Authorization.
  const appClaims = c.req.header(appClaimsHeader);
  const authorization =
    c.req.header('authorization') ?? (appClaims === undefined ? undefined : `Bearer ${appClaims.trim()}`);
  const check = await tokens.verify(authorization);
  if (check.ok) return check.claims;
  // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
  const challenge =
    authorization === undefined
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
  // The URL is parsed only when the header does not name the tenant (Kibo's SDK sends it).
  const asked = c.req.header('x-vol-tenant') ?? kiboHostIds(new URL(c.req.url).hostname).tenantId;
  const tenantId = asked === undefined ? claims.tenants[0] : Number(asked);
  if (tenantId === undefined) throw forbidden('the token carries no tenant');
  // Not a number (the header's pattern turned off with context-headers): no tenant of the token.
  if (!claims.tenants.includes(tenantId))
    throw forbidden(`the token is not valid for tenant ${asked ?? tenantId}`);
  return tenantId;
}
