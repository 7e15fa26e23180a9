import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../support/mock-client.ts';

type ErrorBody = { message: string; errorCode: string; items: { message: string }[] };
type Collection = { totalCount: number };

const client = await mockClient();
const { call } = client;
afterAll(() => expectAllConform(client.exchanges.filter((e) => e.path.startsWith('/api/commerce'))));

const total = async () => ((await call('GET', `${accountsPath}?pageSize=1`)).body as Collection).totalCount;
const json = { 'content-type': 'application/json' };

describe('bad input always gets a 4xx in Kibo’s error body, never a 5xx or a half-done write', () => {
  it('refuses a body nested deeper than x-max-json-depth, before walking it', async () => {
    const before = await total();
    const deep = `[{"account":{"emailAddress":"deep@example.com","attributes":[{"values":[${'['.repeat(40)}${']'.repeat(40)}]}]}}]`;
    const answer = await call('POST', bulkPath, { raw: deep, headers: json });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('deeper than 32 levels');
    const absurd = await call('POST', bulkPath, {
      raw: '['.repeat(100_000) + ']'.repeat(100_000),
      headers: json,
    });
    expect(absurd.status).toBe(400);
    expect(await total()).toBe(before);
  });

  it.each([['null'], ['[null]'], ['[[]]'], ['[{"account":null}]'], ['"text"'], ['\uFEFF[]']])(
    'answers 400 to the body %s',
    async (raw) => {
      const answer = await call('POST', bulkPath, { raw, headers: json });
      expect(answer.status).toBe(400);
      expect((answer.body as ErrorBody).errorCode).toBe('MISSING_OR_INVALID_PARAMETER');
    },
  );

  it('never repeats a password, an external password or a client secret in an error', async () => {
    const secret = `Hunter2-${'x'.repeat(300)}`;
    const bulk = await call('POST', bulkPath, {
      body: [accountItem(1, {}, { password: secret, externalPassword: 42 })],
    });
    expect(bulk.status).toBe(400);
    expect(JSON.stringify(bulk.body)).not.toContain('Hunter2');
    expect((bulk.body as ErrorBody).items.map((i) => i.message)).toContain(
      '[0].password must NOT have more than 255 characters',
    );
    const oauth = await call('POST', '/api/platform/applications/authtickets/oauth', {
      token: null,
      body: { client_id: 'mock.app.1.0.0.Release', client_secret: `my-real-secret-${'s'.repeat(300)}` },
    });
    expect(oauth.status).toBe(400);
    expect(JSON.stringify(oauth.body)).not.toContain('my-real-secret');
  });

  it('refuses integers written as hex, exponents or with spaces', async () => {
    for (const query of ['startIndex=0x10', 'pageSize=1e1', 'pageSize=%201']) {
      const answer = await call('GET', `${accountsPath}?${query}`);
      expect(answer.status, query).toBe(400);
    }
    expect((await call('GET', `${accountsPath}/0x3E9`)).status).toBe(400);
    expect((await call('GET', `${accountsPath}/1001.0`)).status).toBe(400);
  });

  it('refuses a query parameter given twice', async () => {
    const answer = await call('GET', `${accountsPath}?pageSize=200&pageSize=1`);
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('pageSize is given more than once');
  });

  it('answers 400 naming x-vol-tenant when it is not a tenant id', async () => {
    const answer = await call('GET', accountsPath, { headers: { 'x-vol-tenant': 'abc' } });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('x-vol-tenant');
  });

  it('checks the media type before the parameters', async () => {
    const answer = await call('POST', `${bulkPath}?responseFields=((`, {
      raw: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
  });

  it('counts conflicting items, not conflicting fields', async () => {
    const answer = await call('POST', bulkPath, {
      body: [accountItem(5), accountItem(6, { emailAddress: 'SHOPPER5@example.com' })],
    });
    expect(answer.status).toBe(409);
    expect((answer.body as ErrorBody).message).toContain('1 of 2 items');
  });

  it('answers 405 for GET on the Bulk path and 404 for a trailing slash', async () => {
    const get = await call('GET', bulkPath);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await call('POST', `${bulkPath}/`, { body: [accountItem(7)] })).status).toBe(404);
  });
});

describe('the admin API and the journal stay out of reach of bad input', () => {
  it('has no CORS: a web page cannot drive a local mock’s admin API', async () => {
    const preflight = await call('OPTIONS', '/__mock/scenario/empty-tenant', {
      token: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('does not read, nor digest, the body of a request refused before its body', async () => {
    await call('DELETE', '/__mock/journal', { token: null });
    const refused = await call('POST', bulkPath, { token: null, raw: 'x'.repeat(1_000_000), headers: json });
    expect(refused.status).toBe(401);
    const journal = (await call('GET', '/__mock/journal', { token: null })).body as {
      items: { requestDigest: string | null; correlationId: string | null }[];
    };
    expect(journal.items).toHaveLength(1);
    expect(journal.items[0]?.requestDigest).toBeNull();
    expect(journal.items[0]?.correlationId).toMatch(/^mock-\d{8}$/);
  });

  it('stops reading a chunked body at the limit', async () => {
    const chunk = new TextEncoder().encode(`[${'"x",'.repeat(100_000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const answer = await client.mock.app.request(bulkPath, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, ...json },
      body: stream,
      duplex: 'half',
    });
    expect(answer.status).toBe(413);
  });

  it('refuses journal limits and tenant ids the admin document does not allow', async () => {
    expect((await call('GET', '/__mock/journal?limit=0', { token: null })).status).toBe(400);
    expect((await call('POST', '/__mock/tenants/1e3/reset', { token: null })).status).toBe(400);
  });

  it('answers 400, keeping the current world, for a scenario that names an unknown behavior', async () => {
    const answer = await call('PUT', '/__mock/scenario', {
      token: null,
      body: {
        name: 'typo',
        clients: [{ clientId: 'a.b.1.0.0.Release', clientSecret: 's', behaviors: ['customer-acounts:read'] }],
      },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('customer-acounts:read');
    expect((await call('GET', accountsPath)).status).toBe(200);
  });
});
