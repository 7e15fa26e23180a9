import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../support/mock-client.ts';

type ErrorBody = { message: string; errorCode: string };

const lines: string[] = [];
const client = await mockClient({ log: (line) => lines.push(line) });
const { call, token } = client;
afterAll(() => expectAllConform(client.exchanges.filter((e) => e.path.startsWith('/api/commerce'))));

describe('routes come from the document', () => {
  it('answers 404 in Kibo’s JSON body for a path the document does not have', async () => {
    const answer = await call('GET', '/api/commerce/customer/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect((answer.body as ErrorBody).errorCode).toBe('ITEM_NOT_FOUND');
  });

  it('answers 405 with Allow for a method the path does not take', async () => {
    const answer = await call('PUT', bulkPath, { body: [] });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect((answer.body as ErrorBody).errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it.each([
    ['GET', '/api/commerce/customer/accounts/1001/notes', 'getAccountNotes'],
    ['POST', '/api/commerce/customer/accounts/Change-Passwords', 'changePasswords'],
    ['GET', '/api/commerce/customer/accounts/1001/attributes', 'getAccountAttributes'],
    ['GET', '/api/commerce/customer/accounts/1001/cards', 'getAccountCards'],
  ])('answers %s %s, a Kibo operation it does not serve, with 501 naming %s', async (method, path, id) => {
    const answer = await call(method, path, { body: method === 'GET' ? undefined : {} });
    expect(answer.status).toBe(501);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.body).toMatchObject({
      errorCode: 'NOT_IMPLEMENTED',
      message: expect.stringContaining(`Kibo's ${id}, which this mock does not serve yet`) as unknown,
      additionalErrorData: [{ name: 'OperationId', value: id }],
    });
  });

  it('lists every method of the path in Allow, served or not', async () => {
    const served = await call('PATCH', `${accountsPath}/1001`);
    expect(served.status).toBe(405);
    expect(served.headers.get('allow')).toBe('GET, PUT, DELETE');
    const notMocked = await call('PUT', `${accountsPath}/1001/notes`, { body: {} });
    expect(notMocked.status).toBe(405);
    expect(notMocked.headers.get('allow')).toBe('POST, GET');
  });

  it('serves the document at /openapi.json, naming the address it was reached at first', async () => {
    const answer = await call('GET', '/openapi.json', { token: null });
    const served = answer.body as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, { servers?: { url: string }[] }>;
    };
    expect(served.openapi).toBe('3.1.0');
    expect(served.servers[0]?.url).toBe('http://localhost/api');
    expect(served.servers[1]?.url).toBe('https://t{tenantId}.{environment}.mozu.com/api');
    const oauth = served.paths['/platform/applications/authtickets/oauth']?.servers;
    expect(oauth?.map((s) => s.url)).toEqual([
      'http://localhost/api',
      'https://home.mozu.com/api',
      'https://home.euw1.kibocommerce.com/api',
      'https://home.usc1.gcp.kibocommerce.com/api',
    ]);
  });
});

describe('request bodies', () => {
  it('answers 415 for a body that is not application/json', async () => {
    const answer = await call('POST', bulkPath, {
      raw: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect((answer.body as ErrorBody).errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over x-max-body-bytes', async () => {
    const raw = JSON.stringify([accountItem(1, { notes: [{ content: 'x'.repeat(11 * 1024 * 1024) }] })]);
    const answer = await call('POST', bulkPath, { raw, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect((answer.body as ErrorBody).message).toContain('10485760');
  });
});

describe('Prefer: code and example, as Prism does', () => {
  it('answers the document’s example for a declared status', async () => {
    const answer = await call('GET', `${accountsPath}/1001`, { headers: { prefer: 'code=404' } });
    expect(answer.status).toBe(404);
    expect((answer.body as ErrorBody).errorCode).toBe('ITEM_NOT_FOUND');
  });

  it('answers a named example', async () => {
    const answer = await call('POST', bulkPath, {
      body: [accountItem(2)],
      headers: { prefer: 'code=200, example=trimmed' },
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as object)).toEqual(['items']);
  });

  it('answers 400 listing the declared statuses for one that is not', async () => {
    const answer = await call('GET', accountsPath, { headers: { prefer: 'code=418' } });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('declares 200, 400, 401, 403, 429, 500');
  });

  it('still needs a valid token', async () => {
    expect((await call('GET', accountsPath, { token: null, headers: { prefer: 'code=200' } })).status).toBe(
      401,
    );
  });
});

describe('headers', () => {
  it('echoes x-vol-correlation, or makes one up', async () => {
    const echoed = await call('GET', accountsPath, { headers: { 'x-vol-correlation': 'abc-123' } });
    expect(echoed.headers.get('x-vol-correlation')).toBe('abc-123');
    const made = await call('GET', '/api/nowhere');
    expect(made.headers.get('x-vol-correlation')).toMatch(/^mock-\d{8}$/);
  });

  it('accepts the context headers Kibo’s SDK sends', async () => {
    const answer = await call('GET', accountsPath, {
      headers: {
        'x-vol-tenant': '100000',
        'x-vol-site': '100001',
        'x-vol-master-catalog': '1',
        'x-vol-catalog': '1',
        'x-vol-dataview-mode': 'Live',
        'x-vol-version': '1',
      },
    });
    expect(answer.status).toBe(200);
  });

  it.each(['LIVE', 'live', 'Pending', 'PENDING'])(
    'accepts x-vol-dataview-mode %s, in any case',
    async (mode) => {
      const answer = await call('GET', accountsPath, { headers: { 'x-vol-dataview-mode': mode } });
      expect(answer.status).toBe(200);
    },
  );

  it('answers a CORS preflight, reflecting the origin', async () => {
    const answer = await call('OPTIONS', bulkPath, {
      token: null,
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    // Bearer tokens need no cookies: credentials only for origins the mock was told to trust.
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the origins it trusts send credentials, and no other', async () => {
    const trusting = await mockClient({ corsCredentialOrigins: ['https://app.example'] });
    const preflight = (origin: string) =>
      trusting.call('OPTIONS', bulkPath, {
        token: null,
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight('https://app.example')).headers.get('access-control-allow-credentials')).toBe(
      'true',
    );
    expect(
      (await preflight('http://evil.example')).headers.get('access-control-allow-credentials'),
    ).toBeNull();
  });
});

describe('the request log', () => {
  it('writes one line per request with method, path, status and time, never a secret', async () => {
    lines.length = 0;
    await call('POST', `${bulkPath}?responseFields=items(id)`, { body: [accountItem(3)] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^POST \/api\/commerce\/customer\/accounts\/Bulk 200 \d+\.\dms$/);
    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain('Secret-Password-3');
  });
});
