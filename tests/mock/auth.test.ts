import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import {
  accountItem,
  accountsPath,
  bulkPath,
  fullClient,
  limitedClient,
  mockClient,
} from '../support/mock-client.ts';

type ErrorBody = {
  message: string;
  errorCode: string;
  additionalErrorData: { name: string; value: string }[];
};
type Collection = { totalCount: number; items: { emailAddress: string }[] };

const client = await mockClient();
const { call, mock, token } = client;
afterAll(() => expectAllConform(client.exchanges));

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

function tampered(jwt: string): string {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const claims = decode(payload);
  claims.sub = 'someone.else.1.0.0.Release';
  return `${header}.${base64url(claims)}.${signature}`;
}

function algNone(jwt: string): string {
  const [, payload = ''] = jwt.split('.');
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
}

async function createdCount(email: string) {
  const answer = await call(
    'GET',
    `${accountsPath}?filter=${encodeURIComponent(`emailAddress eq '${email}'`)}`,
  );
  return (answer.body as Collection).totalCount;
}

describe('bearer JWT on every secured operation', () => {
  const refused: [string, Record<string, string> | null, string | null][] = [
    ['no Authorization header', null, null],
    ['a Basic scheme', { authorization: 'Basic bW9jazpzZWNyZXQ=' }, null],
    ['a garbage token', null, 'not-a-jwt'],
    ['a token of two parts', null, 'abc.def'],
  ];
  it.each(refused)('answers 401 with WWW-Authenticate for %s', async (_name, headers, bearer) => {
    const answer = await call('POST', bulkPath, {
      body: [accountItem(1)],
      token: headers || bearer === null ? null : bearer,
      headers: headers ?? {},
    });
    expect.soft(answer.status).toBe(401);
    expect.soft(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="kibo"/);
    expect.soft((answer.body as ErrorBody).errorCode).toBe('UNAUTHORIZED');
    expect(await createdCount('shopper1@example.com')).toBe(0);
  });

  it('answers 401 for a token whose claims were changed after signing', async () => {
    const answer = await call('POST', bulkPath, { body: [accountItem(2)], token: tampered(token) });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await createdCount('shopper2@example.com')).toBe(0);
  });

  it('answers 401 for the same claims re-encoded with alg none', async () => {
    const answer = await call('POST', bulkPath, { body: [accountItem(3)], token: algNone(token) });
    expect(answer.status).toBe(401);
    expect(await createdCount('shopper3@example.com')).toBe(0);
  });

  it('answers 401 for an expired token, and says so', async () => {
    const expired = await mock.tokens.issue(fullClient, { expired: true });
    const answer = await call('GET', accountsPath, { token: expired });
    expect(answer.status).toBe(401);
    expect((answer.body as ErrorBody).message).toMatch(/expired/i);
  });

  it('answers 403 when the token lacks the behavior the operation needs', async () => {
    const readOnly = await mock.tokens.issue(fullClient, { behaviors: ['customer-accounts:read'] });
    const answer = await call('POST', bulkPath, { body: [accountItem(4)], token: readOnly });
    expect(answer.status).toBe(403);
    expect((answer.body as ErrorBody).additionalErrorData).toContainEqual({
      name: 'RequiredBehavior',
      value: 'customer-accounts:create',
    });
    expect((await call('GET', accountsPath, { token: readOnly })).status).toBe(200);
  });
});

describe('token durations need customer-auth:configure-token-durations', () => {
  it('answers 403 to the limited client setting authTicketTtlMinutes, creating nothing', async () => {
    const limited = await mock.tokens.issue(limitedClient);
    const answer = await call('POST', bulkPath, {
      body: [accountItem(5), accountItem(6, {}, { authTicketTtlMinutes: 60 })],
      token: limited,
    });
    expect(answer.status).toBe(403);
    expect((answer.body as ErrorBody).message).toContain('[1].authTicketTtlMinutes');
    expect(await createdCount('shopper5@example.com')).toBe(0);
  });

  it('lets the limited client create accounts without durations', async () => {
    const limited = await mock.tokens.issue(limitedClient);
    const answer = await call('POST', bulkPath, { body: [accountItem(7)], token: limited });
    expect(answer.status).toBe(200);
  });

  it('lets the full client set durations up to the cap and answers 400 above it', async () => {
    const ok = await call('POST', bulkPath, {
      body: [accountItem(8, {}, { authTicketTtlMinutes: 1440, refreshTokenTtlMinutes: 43200 })],
    });
    expect(ok.status).toBe(200);
    const over = await call('POST', bulkPath, {
      body: [accountItem(9, {}, { refreshTokenTtlMinutes: 43201 })],
    });
    expect(over.status).toBe(400);
    expect((over.body as ErrorBody).message).toContain('[0].refreshTokenTtlMinutes must be <= 43200');
  });
});

describe('tenants', () => {
  it('answers 403 for a tenant the token does not carry', async () => {
    const answer = await call('GET', accountsPath, { headers: { 'x-vol-tenant': '200000' } });
    expect(answer.status).toBe(403);
    expect((answer.body as ErrorBody).message).toContain('tenant 200000');
  });

  it('keeps each tenant’s accounts apart', async () => {
    const both = await mock.tokens.issue(fullClient, { tenants: [100000, 200000] });
    const created = await call('POST', bulkPath, {
      body: [accountItem(11)],
      token: both,
      headers: { 'x-vol-tenant': '200000' },
    });
    expect(created.status).toBe(200);
    const filter = `?filter=${encodeURIComponent("emailAddress eq 'shopper11@example.com'")}`;
    const there = await call('GET', `${accountsPath}${filter}`, {
      token: both,
      headers: { 'x-vol-tenant': '200000' },
    });
    const here = await call('GET', `${accountsPath}${filter}`, {
      token: both,
      headers: { 'x-vol-tenant': '100000' },
    });
    expect((there.body as Collection).totalCount).toBe(1);
    expect((here.body as Collection).totalCount).toBe(0);
  });

  it('takes the tenant from a Kibo host name', async () => {
    const answer = await call('GET', `http://t200000.sandbox.mozu.com${accountsPath}`);
    expect(answer.status).toBe(403);
  });
});

describe('POST /platform/applications/authtickets/oauth', () => {
  const oauth = '/api/platform/applications/authtickets/oauth';

  it('issues a token for the client credentials that works on the API', async () => {
    const answer = await call('POST', oauth, {
      token: null,
      body: { client_id: fullClient, client_secret: 'mock-secret', grant_type: 'client_credentials' },
    });
    expect(answer.status).toBe(200);
    const ticket = answer.body as {
      access_token: string;
      token_type: string;
      expires_in: number;
      refresh_token: string;
    };
    expect.soft(ticket.token_type).toBe('Bearer');
    expect.soft(ticket.expires_in).toBeGreaterThan(0);
    expect((await call('GET', accountsPath, { token: ticket.access_token })).status).toBe(200);

    const refreshed = await call('POST', oauth, {
      token: null,
      body: {
        client_id: fullClient,
        client_secret: 'mock-secret',
        grant_type: 'client_credentials',
        refresh_token: ticket.refresh_token,
      },
    });
    expect(refreshed.status).toBe(200);
  });

  it('answers 401 for a wrong secret without echoing it', async () => {
    const answer = await call('POST', oauth, {
      token: null,
      body: { client_id: fullClient, client_secret: 'wrong-secret-123', grant_type: 'client_credentials' },
    });
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).not.toContain('wrong-secret-123');
  });

  it('answers 400 when the client id is missing', async () => {
    const answer = await call('POST', oauth, { token: null, body: { client_secret: 'x' } });
    expect(answer.status).toBe(400);
  });
});
