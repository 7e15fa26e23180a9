import { SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { expect, test } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import type { Clock } from '../../mock/world/clock.ts';
import { defaultConfig } from '../../mock/auth/config.ts';
import type { MockConfig } from '../../mock/auth/config.ts';
import { createTokenService, maxRefreshTokens } from '../../mock/auth/token-service.ts';
import type { BearerCheck, TokenService } from '../../mock/auth/token-service.ts';
import { mockClient } from '../support/mock-client.ts';

const plan = await loadPlan();
const behaviors = plan.behaviors;
const ttlBehavior = plan
  .rulesOf('CustomerAccountAndAuthInfo')
  .guarded.find(({ path }) => path.join('.') === 'authTicketTtlMinutes')?.behavior;

const start = Date.parse('2026-01-01T00:00:00Z');
const startSeconds = start / 1000;
const fullClient = 'mock.app.1.0.0.Release';
const limitedClient = 'mock.limited.1.0.0.Release';
const secret = 'mock-secret';
const key = new TextEncoder().encode(defaultConfig.signingKey);
const appClaims = 'https://www.kibocommerce.com/app_claims';

/** A clock the test moves by hand. */
function movableClock(at = start) {
  let now = at;
  const clock: Clock = () => now;
  return { clock, set: (ms: number) => (now = ms) };
}

function service(config: MockConfig = defaultConfig, clock: Clock = () => start): TokenService {
  return createTokenService(config, behaviors, clock);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Re-encodes the header and/or payload of a token and keeps its signature, as an attacker would. */
function reencode(token: string, change: { header?: object; payload?: object; signature?: string }): string {
  const [header, payload, signature] = token.split('.');
  return [
    change.header ? base64url({ ...decodePart(token, 0), ...change.header }) : header,
    change.payload ? base64url({ ...decodePart(token, 1), ...change.payload }) : payload,
    change.signature ?? signature,
  ].join('.');
}

/** A token signed with the mock's own key but with claims of the test's choosing. */
function signedWith(claims: JWTPayload, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

/** Valid claims for the mock, minus the ones named. */
const validClaims = (...without: string[]): JWTPayload => {
  const claims: JWTPayload = {
    sub: fullClient,
    iss: defaultConfig.issuer,
    aud: defaultConfig.audience,
    iat: startSeconds,
    nbf: startSeconds,
    exp: startSeconds + 60,
    [appClaims]: { aid: fullClient, tenants: [100000], behaviors },
  };
  for (const name of without) delete claims[name];
  return claims;
};

async function rejection(authorization: string | undefined, tokens = service()) {
  const check: BearerCheck = await tokens.verify(authorization);
  if (check.ok) throw new Error(`expected a rejection of ${authorization}, got a valid token`);
  return check;
}

test('issues a JWT with Kibo-shaped claims and the configured issuer, audience and lifetime', async () => {
  const token = await service().issue(fullClient);
  expect(decodePart(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(decodePart(token, 1)).toEqual({
    sub: fullClient,
    iss: defaultConfig.issuer,
    aud: defaultConfig.audience,
    iat: startSeconds,
    nbf: startSeconds,
    exp: startSeconds + 3600,
    jti: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
    [appClaims]: { aid: fullClient, tenants: [100000], behaviors },
    'https://www.kibocommerce.com/user_claims': null,
  });
});

test('accepts its own token and reads client, tenants, behaviors and expiry from it', async () => {
  const tokens = service();
  const check = await tokens.verify(`Bearer ${await tokens.issue(fullClient)}`);
  expect(check).toEqual({
    ok: true,
    claims: {
      clientId: fullClient,
      tenants: [100000],
      behaviors: new Set(behaviors),
      expiresAt: start + 3600_000,
    },
  });
});

test('matches the Bearer scheme case-insensitively', async () => {
  const tokens = service();
  const token = await tokens.issue(fullClient);
  expect((await tokens.verify(`bearer ${token}`)).ok).toBe(true);
  expect((await tokens.verify(`BEARER  ${token}`)).ok).toBe(true);
});

test('rejects a request without an Authorization header as invalid_request', async () => {
  expect(await rejection(undefined)).toEqual({
    ok: false,
    error: 'invalid_request',
    description: 'No credentials; send Authorization: Bearer <token>',
  });
  expect((await rejection('  ')).error).toBe('invalid_request');
});

test('rejects another scheme such as Basic as invalid_request, naming it', async () => {
  const check = await rejection(`Basic ${Buffer.from(`${fullClient}:${secret}`).toString('base64')}`);
  expect(check.error).toBe('invalid_request');
  expect(check.description).toContain('The Authorization scheme is Basic, not Bearer');
});

test('rejects the Bearer scheme without a token, or with spaces in it', async () => {
  expect(await rejection('Bearer')).toMatchObject({
    error: 'invalid_request',
    description: /token is missing/,
  });
  expect(await rejection('Bearer a.b c.d')).toMatchObject({
    error: 'invalid_request',
    description: /spaces/,
  });
});

test('rejects a token that does not have three parts', async () => {
  expect(await rejection('Bearer abc.def')).toEqual({
    ok: false,
    error: 'invalid_token',
    description: 'The token is not a JWT: it has 2 dot-separated parts, not 3',
  });
});

test('rejects a token whose parts are not base64url', async () => {
  const token = await service().issue(fullClient);
  const [header, payload] = token.split('.');
  expect((await rejection(`Bearer ${header}.${payload}*.sig`)).description).toBe(
    'The token is not a JWT: its payload is not base64url',
  );
});

test('rejects a token whose header or payload is not JSON', async () => {
  const text = (s: string) => Buffer.from(s).toString('base64url');
  expect((await rejection(`Bearer ${text('nope')}.${text('{}')}.c2ln`)).description).toBe(
    'The token is not a JWT: its header is not a JSON object',
  );
  expect((await rejection(`Bearer ${base64url({ alg: 'HS256' })}.${text('[1')}.c2ln`)).description).toBe(
    'The token is not a JWT: its payload is not a JSON object',
  );
});

test('rejects a token whose payload was altered after signing', async () => {
  const token = await service().issue(limitedClient);
  const tampered = reencode(token, {
    payload: { [appClaims]: { aid: limitedClient, tenants: [1], behaviors } },
  });
  expect(await rejection(`Bearer ${tampered}`)).toEqual({
    ok: false,
    error: 'invalid_token',
    description: 'The token signature does not match: it was altered or signed with another key',
  });
});

test('rejects a token whose signature was altered', async () => {
  const token = await service().issue(fullClient);
  const signature = token.split('.')[2]!;
  const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
  expect((await rejection(`Bearer ${reencode(token, { signature: flipped })}`)).description).toMatch(
    /signature does not match/,
  );
});

test('rejects a token signed with another key', async () => {
  const other = service({ ...defaultConfig, signingKey: 'another-signing-key-of-at-least-32-chars' });
  expect((await rejection(`Bearer ${await other.issue(fullClient)}`)).description).toMatch(
    /signature does not match/,
  );
});

test('rejects an alg none token, with or without the original signature', async () => {
  const token = await service().issue(fullClient);
  for (const signature of ['', token.split('.')[2]!]) {
    const unsigned = reencode(token, { header: { alg: 'none' }, signature });
    expect(await rejection(`Bearer ${unsigned}`)).toEqual({
      ok: false,
      error: 'invalid_token',
      description: 'The token is unsigned (alg none); tokens must be signed with HS256',
    });
  }
});

test('rejects a token signed with any algorithm but HS256, even with the right key', async () => {
  const token = await signedWith(validClaims(), 'HS512');
  expect((await rejection(`Bearer ${token}`)).description).toBe(
    'The token is signed with HS512; only HS256 is accepted',
  );
});

test('rejects a token issued as expired', async () => {
  const tokens = service();
  const check = await rejection(`Bearer ${await tokens.issue(fullClient, { expired: true })}`, tokens);
  expect(check).toEqual({
    ok: false,
    error: 'invalid_token',
    description: 'The token expired at 2025-12-31T23:59:00.000Z',
  });
});

test('judges expiry by the injected clock, not the wall clock', async () => {
  const { clock, set } = movableClock();
  const tokens = service(defaultConfig, clock);
  const authorization = `Bearer ${await tokens.issue(fullClient)}`;
  set(start + 3600_000 - 1000);
  expect((await tokens.verify(authorization)).ok).toBe(true);
  set(start + 3600_000);
  expect((await rejection(authorization, tokens)).description).toBe(
    'The token expired at 2026-01-01T01:00:00.000Z',
  );
});

test('rejects a token that is not valid yet', async () => {
  const { clock, set } = movableClock(start + 600_000);
  const tokens = service(defaultConfig, clock);
  const authorization = `Bearer ${await tokens.issue(fullClient)}`;
  set(start);
  expect((await rejection(authorization, tokens)).description).toBe(
    'The token is not valid before 2026-01-01T00:10:00.000Z',
  );
});

test('rejects a token issued in the future, though its exp and nbf would pass', async () => {
  const aYearAhead = startSeconds + 365 * 86400;
  const token = await signedWith({ ...validClaims('nbf'), iat: aYearAhead, exp: aYearAhead + 60 });
  expect((await rejection(`Bearer ${token}`)).description).toBe(
    'The token was issued in the future (iat 2027-01-01T00:00:00.000Z)',
  );
  // An issuer whose clock runs a few seconds ahead is no forger.
  const skewed = await signedWith({ ...validClaims('nbf'), iat: startSeconds + 30 });
  expect((await service().verify(`Bearer ${skewed}`)).ok).toBe(true);
});

test('rejects a token from another issuer', async () => {
  const foreign = service({ ...defaultConfig, issuer: 'https://home.mozu.com' });
  expect((await rejection(`Bearer ${await foreign.issue(fullClient)}`)).description).toBe(
    `The token was issued by another issuer; expected ${defaultConfig.issuer}`,
  );
});

test('rejects a token meant for another audience', async () => {
  const foreign = service({ ...defaultConfig, audience: 'https://t1.sandbox.mozu.com/api' });
  expect((await rejection(`Bearer ${await foreign.issue(fullClient)}`)).description).toBe(
    `The token is meant for another audience; expected ${defaultConfig.audience}`,
  );
});

test('rejects a correctly signed token without Kibo app claims', async () => {
  expect((await rejection(`Bearer ${await signedWith(validClaims(appClaims))}`)).description).toBe(
    `The token has no ${appClaims} claim`,
  );
});

test('rejects correctly signed app claims of the wrong shape', async () => {
  const claims = { ...validClaims(), [appClaims]: { aid: fullClient, tenants: ['100000'], behaviors } };
  expect((await rejection(`Bearer ${await signedWith(claims)}`)).description).toMatch(
    /has no tenants list of integers/,
  );
});

test('rejects a correctly signed token without exp', async () => {
  expect((await rejection(`Bearer ${await signedWith(validClaims('exp'))}`)).description).toBe(
    'The token has no exp claim',
  );
});

test('keeps descriptions within the characters a WWW-Authenticate header allows', async () => {
  const header = base64url({ alg: 'H"S\\2é' });
  const checks = await Promise.all([
    rejection(`Bearer ${header}.${base64url({})}.c2ln`),
    rejection('Bäsic"\\ x'),
  ]);
  for (const { description } of checks) expect(description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/);
});

test("the full client's token carries every behavior the document declares", async () => {
  const tokens = service();
  const check = await tokens.verify(`Bearer ${await tokens.issue(fullClient)}`);
  expect(check.ok && [...check.claims.behaviors]).toEqual(behaviors);
});

test("the limited client's token lacks the behavior guarding the TTL fields", async () => {
  const tokens = service();
  const check = await tokens.verify(`Bearer ${await tokens.issue(limitedClient)}`);
  expect(ttlBehavior).toBeDefined();
  expect(check.ok && [...check.claims.behaviors]).toEqual(behaviors.filter((b) => b !== ttlBehavior));
});

test('issue overrides behaviors and tenants, for tokens that provoke 403s', async () => {
  const tokens = service();
  const none = await tokens.verify(`Bearer ${await tokens.issue(fullClient, { behaviors: [] })}`);
  expect(none.ok && none.claims.behaviors.size).toBe(0);
  const foreign = await tokens.verify(
    `Bearer ${await tokens.issue(fullClient, { tenants: [200000, 300000] })}`,
  );
  expect(foreign.ok && foreign.claims.tenants).toEqual([200000, 300000]);
});

test('issue refuses an unknown client, listing the configured ones', async () => {
  await expect(service().issue('nobody')).rejects.toThrow(
    `Unknown client nobody; configured clients: ${fullClient}, ${limitedClient}`,
  );
});

test('issue refuses a behavior the document does not declare', async () => {
  await expect(service().issue(fullClient, { behaviors: ['everything'] })).rejects.toThrow(
    /everything is not a behavior the document declares/,
  );
});

test('creating the service fails when a client names a behavior the document does not declare', () => {
  const config = { ...defaultConfig, clients: [{ ...defaultConfig.clients[0]!, behaviors: ['typo'] }] };
  expect(() => service(config)).toThrow(
    /client mock\.app\.1\.0\.0\.Release: behaviors: typo is not a behavior/,
  );
});

test('a fixed clock gives byte-identical tokens and grant answers run to run', async () => {
  const run = async () => {
    const tokens = service();
    const granted = await tokens.grant({ client_id: fullClient, client_secret: secret });
    const refreshed = granted.ok
      ? await tokens.grant({
          client_id: fullClient,
          client_secret: secret,
          refresh_token: granted.response.refresh_token ?? undefined,
        })
      : granted;
    return JSON.stringify([
      await tokens.issue(fullClient),
      await tokens.issue(limitedClient),
      granted,
      refreshed,
    ]);
  };
  expect(await run()).toBe(await run());
});

test('two tokens of one service differ, even in the same instant', async () => {
  const tokens = service();
  expect(await tokens.issue(fullClient)).not.toBe(await tokens.issue(fullClient));
});

test('grants a bearer token for the right client id and secret', async () => {
  const tokens = service();
  const result = await tokens.grant({
    client_id: limitedClient,
    client_secret: secret,
    grant_type: 'client_credentials',
  });
  if (!result.ok) throw new Error(result.message);
  const expected = behaviors.filter((b) => b !== ttlBehavior);
  expect(result.response).toEqual({
    access_token: expect.any(String) as unknown,
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
  });
  const check = await tokens.verify(`Bearer ${result.response.access_token}`);
  expect(check.ok && [check.claims.clientId, [...check.claims.behaviors]]).toEqual([limitedClient, expected]);
});

test('refuses a wrong secret with 401 and never echoes it', async () => {
  const result = await service().grant({ client_id: fullClient, client_secret: 'guess-123' });
  expect(result).toEqual({
    ok: false,
    status: 401,
    message: 'Authorization has been refused for those credentials',
  });
  expect(JSON.stringify(result)).not.toContain('guess-123');
});

test('refuses an unknown client with the same 401 as a wrong secret', async () => {
  expect(await service().grant({ client_id: 'nobody.1.0.0.Release', client_secret: secret })).toEqual({
    ok: false,
    status: 401,
    message: 'Authorization has been refused for those credentials',
  });
});

async function firstGrant(tokens: TokenService, clientId = fullClient) {
  const result = await tokens.grant({
    client_id: clientId,
    client_secret: secret,
    grant_type: 'client_credentials',
  });
  if (!result.ok) throw new Error(result.message);
  const refresh = result.response.refresh_token;
  if (typeof refresh !== 'string') throw new Error('a grant answers with a refresh token');
  return { ...result.response, refresh_token: refresh };
}

test('trades a refresh token for a new token, sent with grant_type client_credentials as Kibo clients do', async () => {
  const { clock, set } = movableClock();
  const tokens = service(defaultConfig, clock);
  const first = await firstGrant(tokens);
  set(start + 3700_000);
  const body = { client_id: fullClient, client_secret: secret, grant_type: 'client_credentials' as const };
  const refreshed = await tokens.grant({ ...body, refresh_token: first.refresh_token });
  if (!refreshed.ok) throw new Error(refreshed.message);
  expect(refreshed.response.refresh_token).not.toBe(first.refresh_token);
  expect((await tokens.verify(`Bearer ${first.access_token}`)).ok).toBe(false);
  expect((await tokens.verify(`Bearer ${refreshed.response.access_token}`)).ok).toBe(true);
});

test('accepts grant_type refresh_token too', async () => {
  const tokens = service();
  const first = await firstGrant(tokens);
  const refreshed = await tokens.grant({
    client_id: fullClient,
    client_secret: secret,
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  });
  expect(refreshed.ok).toBe(true);
});

test('a refresh token works once: its successor replaces it', async () => {
  const tokens = service();
  const first = await firstGrant(tokens);
  const body = { client_id: fullClient, client_secret: secret, refresh_token: first.refresh_token };
  expect((await tokens.grant(body)).ok).toBe(true);
  expect(await tokens.grant(body)).toMatchObject({ ok: false, status: 401 });
});

test('refuses an expired refresh token', async () => {
  const { clock, set } = movableClock();
  const tokens = service(defaultConfig, clock);
  const first = await firstGrant(tokens);
  const body = { client_id: fullClient, client_secret: secret, refresh_token: first.refresh_token };
  set(start + 86400_000);
  expect(await tokens.grant(body)).toEqual({
    ok: false,
    status: 401,
    message: expect.stringMatching(/^Authorization has been refused for that refresh token/) as unknown,
  });
});

test('accepts a refresh token until just before it expires', async () => {
  const { clock, set } = movableClock();
  const tokens = service(defaultConfig, clock);
  const first = await firstGrant(tokens);
  set(start + 86400_000 - 1);
  expect(
    (await tokens.grant({ client_id: fullClient, client_secret: secret, refresh_token: first.refresh_token }))
      .ok,
  ).toBe(true);
});

test('holds at most maxRefreshTokens refresh tokens, forgetting the oldest first', async () => {
  const tokens = service();
  const issued: (string | undefined)[] = [];
  for (let i = 0; i <= maxRefreshTokens; i++) issued.push((await firstGrant(tokens)).refresh_token);
  const refresh = (token: string | undefined) =>
    tokens.grant({ client_id: fullClient, client_secret: secret, refresh_token: token });
  expect(await refresh(issued[0])).toMatchObject({ ok: false, status: 401 });
  expect((await refresh(issued[1])).ok).toBe(true);
  expect((await refresh(issued.at(-1))).ok).toBe(true);
});

test('refuses a refresh token that expired behind a younger one when the clock went back', async () => {
  const { clock, set } = movableClock(start + 60_000);
  const tokens = service(defaultConfig, clock);
  const later = await firstGrant(tokens);
  set(start);
  const earlier = await firstGrant(tokens);
  set(start + defaultConfig.refreshTokenTtlSeconds * 1000 + 1);
  const refresh = (token: string | undefined) =>
    tokens.grant({ client_id: fullClient, client_secret: secret, refresh_token: token });
  expect(await refresh(earlier.refresh_token)).toMatchObject({ ok: false, status: 401 });
  expect((await refresh(later.refresh_token)).ok).toBe(true);
});

test("refuses another client's refresh token", async () => {
  const tokens = service();
  const first = await firstGrant(tokens, limitedClient);
  const result = await tokens.grant({
    client_id: fullClient,
    client_secret: secret,
    refresh_token: first.refresh_token,
  });
  expect(result).toMatchObject({ ok: false, status: 401 });
});

test('refuses an unknown refresh token', async () => {
  const result = await service().grant({
    client_id: fullClient,
    client_secret: secret,
    refresh_token: 'f'.repeat(32),
  });
  expect(result).toMatchObject({ ok: false, status: 401 });
});

test('refuses a valid refresh token sent with a wrong secret', async () => {
  const tokens = service();
  const first = await firstGrant(tokens);
  const result = await tokens.grant({
    client_id: fullClient,
    client_secret: 'wrong',
    refresh_token: first.refresh_token,
  });
  expect(result).toEqual({
    ok: false,
    status: 401,
    message: 'Authorization has been refused for those credentials',
  });
});

test.each([
  ['a non-object body', null, 'body'],
  ['an array body', [{ client_id: fullClient, client_secret: secret }], 'body'],
  ['no client_id', { client_secret: secret }, 'client_id'],
  ['an empty client_secret', { client_id: fullClient, client_secret: '' }, 'client_secret'],
  [
    'an unknown grant_type',
    { client_id: fullClient, client_secret: secret, grant_type: 'password' },
    'grant_type',
  ],
  [
    'a numeric refresh_token',
    { client_id: fullClient, client_secret: secret, refresh_token: 7 },
    'refresh_token',
  ],
  [
    'grant_type refresh_token without a refresh_token',
    { client_id: fullClient, client_secret: secret, grant_type: 'refresh_token' },
    'refresh_token',
  ],
])('the oauth endpoint answers 400 to %s, naming the parameter', async (_case, body, parameter) => {
  // The document's OauthAuthRequest decides, in the pipeline, before the token service is asked.
  const { call } = await mockClient();
  const answer = await call('POST', '/api/platform/applications/authtickets/oauth', { body, token: null });
  expect(answer.status).toBe(400);
  const error = answer.body as { additionalErrorData: { name: string; value: string }[] };
  expect(error.additionalErrorData).toContainEqual({ name: 'ParameterName', value: parameter });
  expect(JSON.stringify(answer.body)).not.toContain(secret);
});

test('the oauth endpoint honours responseFields, as Kibo documents for it', async () => {
  const { call } = await mockClient();
  const answer = await call(
    'POST',
    '/api/platform/applications/authtickets/oauth?responseFields=access_token',
    {
      body: { client_id: fullClient, client_secret: secret, grant_type: 'client_credentials' },
      token: null,
    },
  );
  expect(answer.status).toBe(200);
  expect(Object.keys(answer.body as object)).toEqual(['access_token']);
});

test('refuses a token it verified before, once that token has expired', async () => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const tokens = createTokenService(defaultConfig, behaviors, () => now);
  const token = await tokens.issue(fullClient);
  expect((await tokens.verify(`Bearer ${token}`)).ok).toBe(true);
  now += defaultConfig.accessTokenTtlSeconds * 1000;
  const check = await tokens.verify(`Bearer ${token}`);
  expect(check.ok).toBe(false);
  expect(!check.ok && check.description).toMatch(/expired/);
});
