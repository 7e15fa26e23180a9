import { base64url, errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';

/** Kibo's namespaced claims (as Kibo's own tokens carry them: app_claims and user_claims objects). */
export const appClaimsKey = 'https://www.kibocommerce.com/app_claims';
export const userClaimsKey = 'https://www.kibocommerce.com/user_claims';

/**
 * What the token says about the application. Kibo packs behaviors as numeric ids in a `bv` claim,
 * but the mapping from names to ids is not public, so the mock carries them by name (the names the
 * document's `x-required-behaviors` use).
 */
export interface AppClaims {
  readonly aid: string;
  readonly tenants: readonly number[];
  readonly behaviors: readonly string[];
}

/** Seconds since the epoch for the time claims, as RFC 7519 §2 NumericDate. */
export interface KiboTokenPayload {
  readonly sub: string;
  readonly iss: string;
  readonly aud: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
  readonly [appClaimsKey]: AppClaims;
  /**
   * Present because Kibo's tokens always carry it; null because an application token is issued to
   * no shopper or admin user, and an empty object would read as "a user with no details".
   */
  readonly [userClaimsKey]: null;
}

export interface VerifyExpectations {
  readonly issuer: string;
  readonly audience: string;
  /** Milliseconds since the epoch: the injected clock, so a frozen mock judges expiry the same way. */
  readonly now: number;
}

export type JwtCheck =
  | { readonly ok: true; readonly payload: KiboTokenPayload }
  | { readonly ok: false; readonly description: string };

const algorithm = 'HS256';
/** How far ahead of our clock an issuer's clock may run before its tokens look forged. */
const clockSkewMs = 60_000;

export function signToken(payload: KiboTokenPayload, key: Uint8Array): Promise<string> {
  // HS256 is deterministic: the same payload and key give the same bytes, run to run.
  return new SignJWT({ ...payload }).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).sign(key);
}

/**
 * Checks a compact JWT: its shape first (so a malformed token gets a precise reason rather than
 * jose's generic one), then signature and time, issuer and audience claims with jose, then Kibo's
 * app claims. Bugs throw; a bad token is a result.
 */
export async function verifyToken(
  token: string,
  key: Uint8Array,
  expect: VerifyExpectations,
): Promise<JwtCheck> {
  const shape = checkShape(token);
  if (shape) return fail(shape);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      issuer: expect.issuer,
      audience: expect.audience,
      currentDate: new Date(expect.now),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    return fail(joseReason(error, expect));
  }
  // jose checks exp and nbf but not iat: a token "issued" a year ahead would pass as valid.
  if (typeof payload.iat === 'number' && payload.iat * 1000 > expect.now + clockSkewMs) {
    return fail(`The token was issued in the future (iat ${isoTime(payload.iat)})`);
  }
  const appProblem = checkAppClaims(payload[appClaimsKey]);
  if (appProblem) return fail(appProblem);
  return { ok: true, payload: payload as unknown as KiboTokenPayload };
}

function checkShape(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return `The token is not a JWT: it has ${parts.length} dot-separated parts, not 3`;
  const [header = '', payload = '', signature = ''] = parts;
  const names = { header, payload, signature };
  for (const [name, part] of Object.entries(names)) {
    if (!/^[A-Za-z0-9_-]*$/.test(part)) return `The token is not a JWT: its ${name} is not base64url`;
  }
  const decodedHeader = decodeJson(header);
  if (!isRecord(decodedHeader)) return 'The token is not a JWT: its header is not a JSON object';
  const alg = decodedHeader.alg;
  if (typeof alg !== 'string')
    return `The token header names no alg; tokens must be signed with ${algorithm}`;
  if (alg === 'none') return `The token is unsigned (alg none); tokens must be signed with ${algorithm}`;
  if (alg !== algorithm) return `The token is signed with ${alg.slice(0, 20)}; only ${algorithm} is accepted`;
  if (!isRecord(decodeJson(payload))) return 'The token is not a JWT: its payload is not a JSON object';
  return undefined;
}

function joseReason(error: unknown, expect: VerifyExpectations): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature does not match: it was altered or signed with another key';
  }
  if (error instanceof errors.JWTExpired) return `The token expired at ${isoTime(error.payload.exp)}`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The token has no ${error.claim} claim`;
    switch (error.claim) {
      case 'nbf':
        return `The token is not valid before ${isoTime(error.payload.nbf)}`;
      case 'iss':
        return `The token was issued by another issuer; expected ${expect.issuer}`;
      case 'aud':
        return `The token is meant for another audience; expected ${expect.audience}`;
      default:
        return `The token's ${error.claim} claim is invalid`;
    }
  }
  if (error instanceof errors.JOSEError) return `The token is malformed: ${error.message}`;
  throw error;
}

function checkAppClaims(value: unknown): string | undefined {
  const at = `the token's ${appClaimsKey} claim`;
  if (!isRecord(value)) return `The token has no ${appClaimsKey} claim`;
  if (typeof value.aid !== 'string' || value.aid === '') return `${at} has no aid (application key)`;
  if (!Array.isArray(value.tenants) || !value.tenants.every((t) => Number.isSafeInteger(t))) {
    return `${at} has no tenants list of integers`;
  }
  if (!Array.isArray(value.behaviors) || !value.behaviors.every((b) => typeof b === 'string')) {
    return `${at} has no behaviors list of names`;
  }
  return undefined;
}

function fail(description: string): JwtCheck {
  return { ok: false, description: headerSafe(description) };
}

/**
 * Descriptions end up in `WWW-Authenticate: Bearer error_description="…"`, whose characters RFC 6750
 * §3 limits to printable ASCII without `"` and `\`; a token (or header) may carry anything.
 */
export function headerSafe(description: string): string {
  return description.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?').slice(0, 300);
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(base64url.decode(part))) as unknown;
  } catch {
    return undefined;
  }
}

function isoTime(seconds: unknown): string {
  const date = new Date(typeof seconds === 'number' ? seconds * 1000 : Number.NaN);
  return Number.isNaN(date.getTime()) ? 'a time out of range' : date.toISOString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
