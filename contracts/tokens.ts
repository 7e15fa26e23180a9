interface JwtParts {
  readonly header: Record<string, unknown>;
  readonly payload: string;
  readonly signature: string;
}

/** Splits a compact JWS; undefined when the token is not one (an opaque token, a test string). */
export function splitJwt(token: string): JwtParts | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
    return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return undefined;
    return { header: decoded as Record<string, unknown>, payload, signature };
  } catch {
    return undefined;
  }
}

/**
 * The same token with the first character of its signature changed. The first character is used
 * because all six of its bits count; the last one may only carry padding bits that decoders drop.
 */
export function tamperSignature(token: string): string | undefined {
  const parts = splitJwt(token);
  if (!parts || parts.signature === '') return undefined;
  const first = parts.signature[0] === 'A' ? 'B' : 'A';
  const [header = ''] = token.split('.');
  return `${header}.${parts.payload}.${first}${parts.signature.slice(1)}`;
}

/** The token's header and claims re-encoded as an unsecured JWT (RFC 7519 §6): `alg: none`, no signature. */
export function unsignedCopy(token: string): string | undefined {
  const parts = splitJwt(token);
  if (!parts) return undefined;
  const header = Buffer.from(JSON.stringify({ ...parts.header, alg: 'none' })).toString('base64url');
  return `${header}.${parts.payload}.`;
}

/**
 * The behaviors a token says it carries: the mock's (and any by-name) layout,
 * `https://www.kibocommerce.com/app_claims.behaviors`. Undefined when the token does not name
 * them (Kibo's own tokens pack numeric ids whose names are not public).
 */
export function claimedBehaviors(token: string): ReadonlySet<string> | undefined {
  const parts = splitJwt(token);
  if (!parts) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts.payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const app = payload['https://www.kibocommerce.com/app_claims'] as { behaviors?: unknown } | undefined;
    const names = app?.behaviors;
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return undefined;
    return new Set(names);
  } catch {
    return undefined;
  }
}

/**
 * A shopper token's user claims (Kibo's layout, `https://www.kibocommerce.com/user_claims`:
 * `anon`, `uid`, `b.TenantId` …); undefined when the token is no JWT or carries none.
 */
export function userClaimsOf(token: string): Readonly<Record<string, unknown>> | undefined {
  const parts = splitJwt(token);
  if (!parts) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts.payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const claims = payload['https://www.kibocommerce.com/user_claims'];
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
