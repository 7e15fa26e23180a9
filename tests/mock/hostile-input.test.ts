import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../mock/node/server.ts';
import { accountItem, fullClient, mockClient } from '../support/mock-client.ts';

// Found by probing the mock as an attacker would: each input once froze, crashed or bloated it.
// These run on a real socket, so a request that holds the event loop shows in the others' times.
let server: RunningServer;
let token: string;

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
  token = await server.mock.tokens.issue(fullClient);
});
afterAll(() => server.close());

async function bulk(body: string) {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/commerce/customer/accounts/Bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

async function getAccount() {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/commerce/customer/accounts/1001`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe('a hostile Bulk body', () => {
  it.each([
    ['5,000,000 items (10 MB)', 5_000_000],
    ['500,000 items (1 MB)', 500_000],
  ])('of %s is refused at once with a small answer, while others are served', async (_name, items) => {
    const body = `[${new Array<string>(items).fill('0').join(',')}]`;
    const refused = bulk(body);
    // Sent while the big body is being read and judged: it must not wait for it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const meanwhile = await getAccount();
    const answer = await refused;
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(2_000);
    expect(answer.text).toContain('must NOT have more than 1000 items');
    expect(answer.ms).toBeLessThan(1_000);
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.ms).toBeLessThan(200);
  });

  it('of an 8 MB email address is a 400 naming the field, not a 500', async () => {
    const answer = await bulk(
      JSON.stringify([accountItem(1, { emailAddress: `${'a'.repeat(8_000_000)}@example.com` })]),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('[0].account.emailAddress must NOT have more than 254 characters');
    expect(answer.text.length).toBeLessThan(2_000);
  });

  it('with a 9 MB date-time, well-formed, is a 400: a format checks the shape, not the size', async () => {
    const customerSinceDate = `2026-01-01T00:00:00.${'1'.repeat(9_000_000)}Z`;
    const answer = await bulk(JSON.stringify([accountItem(1, { customerSinceDate })]));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('[0].account.customerSinceDate must NOT have more than 40 characters');
    expect(answer.text.length).toBeLessThan(2_000);
  });

  it('with a 9.5 MB attribute value is a 400: every value the mock would keep has a bound', async () => {
    const attributes = [{ fullyQualifiedName: 'tenant~notes', values: ['x'.repeat(9_500_000)] }];
    const answer = await bulk(JSON.stringify([accountItem(1, { attributes })]));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(
      '[0].account.attributes[0].values[0] must NOT have more than 1000 characters',
    );
    expect(answer.text.length).toBeLessThan(2_000);
  });

  it('with a thousand items each breaking many rules lists the first 100 and says checking stopped', async () => {
    const bad = { account: { emailAddress: 'x', firstName: 7, lastName: 7, localeCode: 7, taxExempt: 'no' } };
    const answer = await bulk(JSON.stringify(new Array(1000).fill(bad)));
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as { message: string; items: unknown[] };
    expect(body.items).toHaveLength(100);
    expect(body.message).toMatch(/^Missing or invalid parameter: at least \d+ items failed validation/);
    expect(body.message).toContain('the first 100 problems are listed, and checking stopped there');
    expect(answer.text.length).toBeLessThan(40_000);
  });

  // Undeclared keys were checked last, each one collected: seconds of a frozen event loop, and
  // 1.9 GB for the 800,000-key object. The timings are generous: the measure is "not starved".
  it.each([
    ['1,000 items of 1,000 undeclared keys each (9 MB)', 1_000, 1_000],
    ['one account of 800,000 undeclared keys (9 MB)', 1, 800_000],
  ])('of %s is refused at once with a small answer, while others are served', async (_name, items, keys) => {
    const undeclared = Array.from({ length: keys }, (_, k) => `"k${k}":1`).join(',');
    const item = `{"account":{"emailAddress":"a@example.com",${undeclared}}}`;
    let settled = false;
    const refused = bulk(`[${new Array<string>(items).fill(item).join(',')}]`).finally(
      () => (settled = true),
    );
    // Reads all the while the body is read and judged: none may wait for it.
    const reads: { status: number; ms: number }[] = [];
    while (!settled) {
      reads.push(await getAccount());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const answer = await refused;
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('[0].account.k0 is not a declared property');
    expect(answer.text).toContain('checking stopped there');
    expect(answer.text.length).toBeLessThan(40_000);
    expect(answer.ms).toBeLessThan(3_000);
    expect(reads.every((read) => read.status === 200)).toBe(true);
    expect(Math.max(...reads.map((read) => read.ms))).toBeLessThan(1_500);
  });
});

/** Raw bytes on the socket: for requests fetch refuses to send. */
function rawRequest(text: string, closeAfterMs?: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
  });
}

async function journal(): Promise<{ path: string; query: string; status: number }[]> {
  const answer = await fetch(`${server.url}/__mock/journal`);
  return ((await answer.json()) as { items: { path: string; query: string; status: number }[] }).items;
}

describe('small leaks and odd requests', () => {
  it('answers a path with a backslash with Kibo’s JSON 400, not a bare one', async () => {
    const answer = await rawRequest(
      'GET /api\\commerce/customer/accounts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('content-type: application/json');
    expect(answer).toContain('"errorCode":"MISSING_OR_INVALID_PARAMETER"');
  });

  it('journals a request the client abandoned as 499, not as a server error', async () => {
    await rawRequest(
      `POST /api/commerce/customer/accounts/Bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"account":',
      100,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await journal()).at(-1)).toMatchObject({
      path: '/api/commerce/customer/accounts/Bulk',
      status: 499,
    });
  });

  it('never repeats an unquoted secret from a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/api/platform/applications/authtickets/oauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"mock.app.1.0.0.Release","client_secret":hunter2S3c}',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain('the request body is not valid JSON');
    expect(text).not.toContain('hunter2');
  });

  it('keeps no token that came in the query string in the journal', async () => {
    await fetch(`${server.url}/api/commerce/customer/accounts?access_token=${token}&pageSize=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const entry = (await journal()).at(-1);
    expect(entry?.query).toBe('?access_token=REDACTED&pageSize=5');
    expect(JSON.stringify(await journal())).not.toContain(token);
  });

  it('names an undeclared key "0" as a key, not as an index', async () => {
    const answer = await bulk(JSON.stringify([accountItem(1, { 0: 'x' })]));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('[0].account[\\"0\\"] is not a declared property');
  });

  it('keeps no token in the journal or the log, whatever parameter or path segment carries it', async () => {
    const log: string[] = [];
    const { call, mock, token } = await mockClient({ log: (line) => log.push(line) });
    const other = await mock.tokens.issue(fullClient, { tenants: [200000] });
    const opaque = 'an-opaque-bearer-value-0123456789';
    await call('GET', `/api/commerce/customer/accounts?jwt=${other}&foo=${token}`);
    await call('GET', `/api/commerce/customer/accounts/${other}`);
    await call('GET', `/api/commerce/customer/accounts/1001?x=${opaque}`, { token: opaque });
    const kept = JSON.stringify(mock.journal.list()) + log.join('\n');
    for (const secret of [token, other, opaque]) expect(kept).not.toContain(secret);
    expect(mock.journal.list().map((entry) => `${entry.path}${entry.query}`)).toEqual([
      '/api/commerce/customer/accounts?jwt=REDACTED&foo=REDACTED',
      '/api/commerce/customer/accounts/REDACTED',
      '/api/commerce/customer/accounts/1001?x=REDACTED',
    ]);
    expect(log[1]).toMatch(/^GET \/api\/commerce\/customer\/accounts\/REDACTED \d{3} /);
  });

  it('refuses ?__proto__= as the undeclared parameter it is, like any other', async () => {
    const response = await fetch(`${server.url}/api/commerce/customer/accounts?__proto__=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('__proto__ is not a declared property');
  });

  it('takes a query parameter named like an Object method for what it is', async () => {
    const response = await fetch(`${server.url}/api/commerce/customer/accounts?toString=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain('toString is not a declared property');
    expect(text).not.toContain('given more than once');
  });
});
