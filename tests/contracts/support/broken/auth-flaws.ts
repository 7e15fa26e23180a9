import { errors, jwtVerify } from 'jose';
import { defaultConfig } from '../../../../mock/auth/default-config.ts';
import {
  bearerOf,
  decodeJwt,
  isGetAccounts,
  kiboErrorResponse,
  withAuthorization,
  type Json,
} from '../fetch-rewrites.ts';
import { limitedClient, otherTenantClient } from '../mock-target.ts';
import { acceptTokens, type BrokenImplementation } from './breakers.ts';

const signingKey = new TextEncoder().encode(defaultConfig.signingKey);

/** The application a token was issued to (Kibo's app claims), if it is a JWT. */
function clientOf(token: string | undefined): unknown {
  const claims =
    token === undefined ? undefined : decodeJwt(token)?.payload['https://www.kibocommerce.com/app_claims'];
  return (claims as Json | undefined)?.aid;
}

/** The behaviors a token carries (Kibo's app claims), if it is a JWT that names them. */
function behaviorsOf(token: string | undefined): unknown {
  const claims =
    token === undefined ? undefined : decodeJwt(token)?.payload['https://www.kibocommerce.com/app_claims'];
  return (claims as Json | undefined)?.behaviors;
}

/** Flaws in who gets in: each lets one kind of refused credential through as a valid token. */
export const authFlaws: readonly BrokenImplementation[] = [
  {
    name: 'ignores auth',
    breaks: 'contract',
    caughtBy: [
      'auth.missing-authorization',
      'auth.non-bearer-scheme',
      'auth.garbage-token',
      'auth.tampered-signature',
      'auth.alg-none',
      'auth.expired-token',
    ],
    evidence: 'expected 401 (no Authorization header), got 200',
    wrap:
      (inner, { fullToken }) =>
      async (request) =>
        new URL(request.url).pathname.startsWith('/api/commerce')
          ? inner(await withAuthorization(request, `Bearer ${fullToken}`))
          : inner(request),
  },
  {
    name: 'accepts an expired token',
    breaks: 'contract',
    caughtBy: ['auth.expired-token'],
    evidence: 'expected 401 (an expired token), got 200',
    wrap: acceptTokens((token) => {
      const exp = token === undefined ? undefined : decodeJwt(token)?.payload.exp;
      return typeof exp === 'number' && exp * 1000 < Date.now();
    }),
  },
  {
    name: 'accepts alg none',
    breaks: 'contract',
    caughtBy: ['auth.alg-none'],
    evidence: 'expected 401 (the valid token re-encoded with alg none), got 200',
    wrap: acceptTokens((token) => token !== undefined && decodeJwt(token)?.header.alg === 'none'),
  },
  {
    name: 'does not check signatures',
    breaks: 'contract',
    caughtBy: ['auth.tampered-signature'],
    evidence: 'expected 401 (the valid token with its signature altered), got 200',
    wrap: acceptTokens(async (token) => {
      if (token === undefined) return false;
      try {
        await jwtVerify(token, signingKey);
        return false;
      } catch (error) {
        return error instanceof errors.JWSSignatureVerificationFailed;
      }
    }),
  },
  {
    name: 'lets any behavior set token durations',
    breaks: 'contract',
    caughtBy: ['auth.limited-sets-authTicketTtlMinutes', 'auth.limited-sets-refreshTokenTtlMinutes'],
    evidence:
      'expected 403 (a token without customer-auth:configure-token-durations setting authTicketTtlMinutes on createUserAuthTicket), got 200',
    wrap: acceptTokens((token) => clientOf(token) === limitedClient),
  },
  {
    name: 'demands a behavior the document does not name',
    breaks: 'assumption',
    caughtBy: ['auth.required-behaviors'],
    evidence: 'expected 200 (a token with customer-accounts:read, all getAccounts needs), got 403',
    wrap:
      (inner) =>
      // The limited client carries customer-accounts:read, all getAccounts needs, yet is refused.
      (request) =>
        isGetAccounts(request) && clientOf(bearerOf(request)) === limitedClient
          ? kiboErrorResponse(403, 'FORBIDDEN', 'Token Not Authorized: customer-accounts:list is required')
          : inner(request),
  },
  {
    name: 'ignores tenant isolation',
    breaks: 'contract',
    caughtBy: ['auth.other-tenant'],
    evidence: "another tenant's token got 200 with this tenant's account",
    // Serves another tenant's client from this tenant's accounts, as a store keyed by id alone would.
    wrap: acceptTokens((token) => clientOf(token) === otherTenantClient),
  },
  {
    name: 'skips the delete behavior check',
    breaks: 'assumption',
    caughtBy: ['auth.without-customer-accounts-delete'],
    evidence: 'expected 403 (a token without customer-accounts:delete), got 200',
    wrap: acceptTokens((token, request) => {
      const behaviors = behaviorsOf(token);
      return (
        request.method === 'DELETE' &&
        Array.isArray(behaviors) &&
        !behaviors.includes('customer-accounts:delete')
      );
    }),
  },
];
