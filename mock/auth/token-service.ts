import type { components } from '../../openapi/types.gen.ts';
import { refusedCredentials } from '../http/error-catalogue.ts';
import type { Clock } from '../world/clock.ts';
import { assertKnownBehaviors, clientBehaviors } from './config.ts';
import type { MockConfig } from './config.ts';
import { appClaimsKey, headerSafe, signToken, userClaimsKey, verifyToken } from './jwt.ts';
import { hmacSha256, sameSecret } from './web-crypto.ts';

type OauthAuthRequest = components['schemas']['OauthAuthRequest'];
type OAuthAccessTokenResponse = components['schemas']['OAuthAccessTokenResponse'];

export interface TokenClaims {
  readonly clientId: string;
  readonly tenants: readonly number[];
  readonly behaviors: ReadonlySet<string>;
  /** Milliseconds since the epoch, like Clock. */
  readonly expiresAt: number;
}

/** RFC 6750 §3.1 error codes: invalid_request when no usable bearer credentials were sent. */
export type BearerCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly error: 'invalid_request' | 'invalid_token'; readonly description: string };

/**
 * The oauth operation's outcome as data. The body was validated against OauthAuthRequest by the
 * request pipeline already, so only the credentials can be wrong here.
 */
export type GrantResult =
  | { readonly ok: true; readonly response: OAuthAccessTokenResponse }
  | { readonly ok: false; readonly status: 401; readonly message: string };

/**
 * Overrides for tests and the token CLI, which mint tokens as the signing authority: they are not
 * limited to what the client is configured with (a foreign tenant checks isolation, no behaviors
 * checks the 403), but behavior names must be ones the document declares.
 */
export interface IssueOptions {
  readonly behaviors?: readonly string[];
  /** A token whose exp has already passed. */
  readonly expired?: boolean;
  readonly tenants?: readonly number[];
}

export interface TokenService {
  /** Throws on an unknown client or behavior: that is a caller's mistake, not a request's. */
  issue(clientId: string, options?: IssueOptions): Promise<string>;
  verify(authorization: string | undefined): Promise<BearerCheck>;
  grant(body: OauthAuthRequest): Promise<GrantResult>;
}

const refused = refusedCredentials;
const refusedRefresh =
  'Authorization has been refused for that refresh token: it is unknown, expired, already used ' +
  'or was issued to another application';

/**
 * Refresh tokens held at most. Each grant adds one, so a client that never refreshes would grow
 * the map for the whole refresh lifetime; past the cap the oldest is forgotten and its holder
 * simply logs in again with its credentials.
 */
export const maxRefreshTokens = 10_000;

/** Verified tokens remembered at most (the oldest is verified again when it comes back). */
const maxVerifiedTokens = 1_000;

/** `behaviors` is every behavior the document declares (rules.ts allBehaviors). */
export function createTokenService(
  config: MockConfig,
  behaviors: readonly string[],
  clock: Clock,
): TokenService {
  const key = new TextEncoder().encode(config.signingKey);
  const clients = new Map(
    config.clients.map((client) => [
      client.clientId,
      { client, behaviors: clientBehaviors(client, behaviors) },
    ]),
  );
  const refreshTokens = new Map<string, { readonly clientId: string; readonly expiresAt: number }>();
  let serial = 0;
  const keyedHash = hmacSha256(key);

  // A keyed hash of a per-service counter and the time: unique within a run, and byte-identical run
  // to run under a fixed clock, which a random id would break. Opaque without the signing key.
  const nextId = async (purpose: string, clientId: string, now: number) =>
    (await keyedHash(`${purpose}\n${++serial}\n${clientId}\n${now}`)).slice(0, 32);

  async function issue(clientId: string, options: IssueOptions = {}): Promise<string> {
    const entry = clients.get(clientId);
    if (!entry)
      throw new Error(`Unknown client ${clientId}; configured clients: ${[...clients.keys()].join(', ')}`);
    const granted = options.behaviors ?? entry.behaviors;
    assertKnownBehaviors(granted, behaviors, 'behaviors');
    const tenants = options.tenants ?? entry.client.tenants;
    if (!tenants.every((t) => Number.isSafeInteger(t) && t > 0)) {
      throw new Error(`tenants must be positive integers (got ${tenants.join(', ')})`);
    }
    const now = clock();
    const ttl = config.accessTokenTtlSeconds;
    // An expired token ended a minute ago, so a verifier whose clock lags a little still rejects it.
    const iat = Math.floor(now / 1000) - (options.expired ? ttl + 60 : 0);
    const jti = await nextId('jti', clientId, now);
    return signToken(
      {
        sub: clientId,
        iss: config.issuer,
        aud: config.audience,
        iat,
        nbf: iat,
        exp: iat + ttl,
        jti,
        [appClaimsKey]: {
          aid: clientId,
          tenants: [...tenants],
          behaviors: behaviors.filter((name) => granted.includes(name)),
        },
        [userClaimsKey]: null,
      },
      key,
    );
  }

  /**
   * Tokens that verified, until they expire: a client sends the same token on every call, and
   * checking an HMAC through WebCrypto each time was a fifth of a small request's cost. A token
   * that differs by one character (tampered, alg none) is another key and is verified in full.
   */
  const verified = new Map<string, TokenClaims>();

  async function verify(authorization: string | undefined): Promise<BearerCheck> {
    const credentials = bearerToken(authorization);
    if (!credentials.ok) return credentials;
    const known = verified.get(credentials.token);
    if (known && clock() < known.expiresAt) return { ok: true, claims: known };
    const check = await verifyToken(credentials.token, key, {
      issuer: config.issuer,
      audience: config.audience,
      now: clock(),
    });
    if (!check.ok) return { ok: false, error: 'invalid_token', description: check.description };
    const app = check.payload[appClaimsKey];
    const claims: TokenClaims = {
      clientId: app.aid,
      tenants: app.tenants,
      behaviors: new Set(app.behaviors),
      expiresAt: check.payload.exp * 1000,
    };
    if (verified.size >= maxVerifiedTokens) verified.delete(verified.keys().next().value ?? '');
    verified.set(credentials.token, claims);
    return {
      ok: true,
      claims,
    };
  }

  /**
   * Tokens sit in the order they were issued, all with one lifetime, so the expired ones are at the
   * front: the sweep stops at the first live one. One that expired behind it (the clock went back)
   * waits for its turn, and the lookup refuses it meanwhile.
   */
  function dropExpired(now: number): void {
    for (const [token, held] of refreshTokens) {
      if (held.expiresAt > now) return;
      refreshTokens.delete(token);
    }
  }

  async function grant(body: OauthAuthRequest): Promise<GrantResult> {
    const request = {
      clientId: body.client_id,
      clientSecret: body.client_secret,
      refreshToken: body.refresh_token,
    };
    const entry = clients.get(request.clientId);
    // One message for an unknown client and a wrong secret: it must not reveal which ids exist.
    // A missing secret (possible once the token-request assumption is off) is a wrong one, not a crash.
    if (
      !entry ||
      typeof request.clientSecret !== 'string' ||
      !(await sameSecret(entry.client.clientSecret, request.clientSecret))
    ) {
      return { ok: false, status: 401, message: refused };
    }
    const now = clock();
    dropExpired(now);
    if (request.refreshToken !== undefined) {
      const held = refreshTokens.get(request.refreshToken);
      if (held?.clientId !== request.clientId || held.expiresAt <= now) {
        return { ok: false, status: 401, message: refusedRefresh };
      }
      // Rotation (RFC 9700 §4.14.2): a refresh token works once and the answer carries its successor,
      // which Kibo's sdk-authentication stores with the new access token.
      refreshTokens.delete(request.refreshToken);
    }
    const accessToken = await issue(request.clientId);
    const refreshToken = await nextId('refresh', request.clientId, now);
    refreshTokens.set(refreshToken, {
      clientId: request.clientId,
      expiresAt: now + config.refreshTokenTtlSeconds * 1000,
    });
    if (refreshTokens.size > maxRefreshTokens) {
      const [oldest] = refreshTokens.keys();
      if (oldest !== undefined) refreshTokens.delete(oldest);
    }
    return {
      ok: true,
      response: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: config.accessTokenTtlSeconds,
        refresh_token: refreshToken,
      },
    };
  }

  return { issue, verify, grant };
}

type Credentials =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly error: 'invalid_request'; readonly description: string };

/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235 §2.1, RFC 6750 §2.1). */
function bearerToken(authorization: string | undefined): Credentials {
  const send = 'send Authorization: Bearer <token>';
  const header = authorization?.trim() ?? '';
  if (header === '') return { ok: false, error: 'invalid_request', description: `No credentials; ${send}` };
  const [scheme = '', ...rest] = header.split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer') {
    const description = headerSafe(`The Authorization scheme is ${scheme.slice(0, 20)}, not Bearer; ${send}`);
    return { ok: false, error: 'invalid_request', description };
  }
  if (rest.length === 0)
    return { ok: false, error: 'invalid_request', description: `The Bearer token is missing; ${send}` };
  if (rest.length > 1) {
    return { ok: false, error: 'invalid_request', description: `The Bearer token contains spaces; ${send}` };
  }
  return { ok: true, token: rest[0] ?? '' };
}
