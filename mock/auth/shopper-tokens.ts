import { errors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../world/clock.ts';
import type { MockConfig } from './config.ts';
import { appClaimsKey, headerSafe, userClaimsKey } from './jwt.ts';
import { hmacSha256, sha256, toHex } from './web-crypto.ts';

/** Who a shopper ticket is for; undefined for an anonymous shopper. */
export interface Shopper {
  readonly accountId: number;
  readonly userId: string;
  readonly userName: string;
}

/**
 * Kibo's user claims, as its storefronts read them from a shopper's JWT (`anon` "1" for an
 * anonymous shopper, `uid` the user id, `b.TenantId`/`b.SiteId`, a `bv` behavior vector),
 * plus `accountId`, the kit's own addition: the account the ticket was issued for.
 */
export interface UserClaims {
  readonly anon: '0' | '1';
  readonly uid: string | null;
  readonly accountId: number | null;
  readonly 'b.TenantId': string;
  readonly 'b.SiteId': string | null;
  readonly bv: readonly number[];
}

export interface Ticket {
  /** The same signed JWT in both: Kibo's opaque accessToken is not public, so the kit signs both. */
  readonly accessToken: string;
  readonly jwtAccessToken: string;
  readonly accessTokenExpiration: string;
  /** Opaque; the caller keeps only its digest (`refreshDigest`). None for anonymous shoppers. */
  readonly refreshToken?: string;
  readonly refreshTokenExpiration?: string;
  /** ms since the epoch, for the caller's store. */
  readonly refreshExpiresAt?: number;
}

export interface TicketRequest {
  /** The application that asked (the app token's client id). */
  readonly clientId: string;
  readonly tenantId: number;
  readonly siteId?: number;
  readonly shopper?: Shopper;
  readonly accessSeconds: number;
  readonly refreshSeconds: number;
}

export type ClaimsCheck =
  | { readonly ok: true; readonly claims: UserClaims; readonly tenantId: number }
  | { readonly ok: false; readonly description: string };

export interface ShopperTokens {
  ticket(request: TicketRequest): Promise<Ticket>;
  /** The shopper an `x-vol-user-claims` header names: a ticket's accessToken or jwtAccessToken. */
  verify(header: string): Promise<ClaimsCheck>;
}

const algorithm = 'HS256';

/** The account a refresh token was issued for (its first 8 hex digits), if it has the shape. */
export function accountOfRefreshToken(token: string): number | undefined {
  return /^[0-9a-f]{40}$/.test(token) ? Number.parseInt(token.slice(0, 8), 16) : undefined;
}

/** What a store keeps of a refresh token: its SHA-256, so the stored form signs nobody in. */
export async function refreshDigest(token: string): Promise<string> {
  return toHex(await sha256(token));
}

/**
 * Shopper tickets signed with the mock's key, in Kibo's user-claims layout, with their own
 * lifetimes. A refresh token is opaque: a keyed hash of a counter and the clock, unique in a run
 * and byte-identical run to run under a fixed clock.
 */
export function createShopperTokens(config: MockConfig, clock: Clock): ShopperTokens {
  const key = new TextEncoder().encode(config.signingKey);
  const keyedHash = hmacSha256(key);
  let serial = 0;
  const nextId = async (purpose: string, subject: string, now: number) =>
    (await keyedHash(`shopper-${purpose}\n${++serial}\n${subject}\n${now}`)).slice(0, 32);

  return {
    async ticket(request) {
      const now = clock();
      const iat = Math.floor(now / 1000);
      const exp = iat + request.accessSeconds;
      const { shopper } = request;
      const jti = await nextId('jti', shopper?.userId ?? 'anonymous', now);
      const claims: UserClaims = {
        anon: shopper ? '0' : '1',
        uid: shopper?.userId ?? null,
        accountId: shopper?.accountId ?? null,
        'b.TenantId': String(request.tenantId),
        'b.SiteId': request.siteId === undefined ? null : String(request.siteId),
        bv: [],
      };
      const jwt = await new SignJWT({
        sub: shopper?.userId ?? `anonymous-${jti}`,
        unique_name: shopper?.userName ?? null,
        iss: config.issuer,
        aud: config.audience,
        iat,
        nbf: iat,
        exp,
        jti,
        // A shopper token names the application that signed the shopper in, but grants it
        // nothing: calls still need the application's own bearer token.
        [appClaimsKey]: { aid: request.clientId, tenants: [request.tenantId], behaviors: [] },
        [userClaimsKey]: claims,
      })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .sign(key);
      const ticket = {
        accessToken: jwt,
        jwtAccessToken: jwt,
        accessTokenExpiration: new Date(exp * 1000).toISOString(),
      };
      if (!shopper) return ticket;
      const refreshExpiresAt = now + request.refreshSeconds * 1000;
      return {
        ...ticket,
        // The account leads, so a refresh without accountId still finds whose token it is.
        refreshToken: `${shopper.accountId.toString(16).padStart(8, '0')}${await nextId('refresh', shopper.userId, now)}`,
        refreshTokenExpiration: new Date(refreshExpiresAt).toISOString(),
        refreshExpiresAt,
      };
    },

    async verify(header) {
      const token = header.trim();
      if (token.split('.').length !== 3) return fail('x-vol-user-claims is not a shopper ticket (a JWT)');
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          issuer: config.issuer,
          audience: config.audience,
          currentDate: new Date(clock()),
          requiredClaims: ['exp'],
        });
        const claims = payload[userClaimsKey];
        if (!isUserClaims(claims)) return fail('x-vol-user-claims carries no user claims');
        return { ok: true, claims, tenantId: Number(claims['b.TenantId']) };
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          return fail('the shopper ticket in x-vol-user-claims expired');
        if (error instanceof errors.JOSEError) {
          return fail(`the shopper ticket in x-vol-user-claims is not valid: ${error.code}`);
        }
        throw error;
      }
    },
  };
}

function isUserClaims(value: unknown): value is UserClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    (claims.anon === '0' || claims.anon === '1') &&
    (claims.accountId === null || Number.isSafeInteger(claims.accountId)) &&
    typeof claims['b.TenantId'] === 'string' &&
    /^\d{1,10}$/.test(claims['b.TenantId'])
  );
}

function fail(description: string): ClaimsCheck {
  return { ok: false, description: headerSafe(description) };
}
