import type { Context } from 'hono';
import { kiboError } from '../http/errors.ts';
import type { TokenClaims, TokenService } from './token-service.ts';

/** The bearer token's claims, or a 401 with RFC 6750's challenge. */
export async function authenticate(c: Context, tokens: TokenService): Promise<TokenClaims> {
  const check = await tokens.verify(c.req.header('authorization'));
  if (check.ok) return check.claims;
  // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
  const challenge =
    c.req.header('authorization') === undefined
      ? 'Bearer realm="kibo"'
      : `Bearer realm="kibo", error="${check.error}", error_description="${check.description}"`;
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
 * The tenant a request is for: `x-vol-tenant` (already checked against the document's pattern),
 * else the host's `t{tenantId}` as Kibo's URLs carry it, else the token's first tenant. A token
 * never acts on a tenant it does not carry.
 */
export function resolveTenant(c: Context, url: URL, claims: TokenClaims): number {
  const asked = c.req.header('x-vol-tenant') ?? /^t(\d+)(?:-s\d+)?\./.exec(url.hostname)?.[1];
  const tenantId = asked === undefined ? claims.tenants[0] : Number(asked);
  if (tenantId === undefined) throw forbidden('the token carries no tenant');
  if (!claims.tenants.includes(tenantId)) throw forbidden(`the token is not valid for tenant ${tenantId}`);
  return tenantId;
}

/** 403 "Token Not Authorized", naming the behavior when one is missing. */
export function forbidden(reason: string, behavior?: string) {
  return kiboError(403, 'FORBIDDEN', `Token Not Authorized: ${reason}`, {
    data: behavior ? { RequiredBehavior: behavior } : {},
  });
}
