import { describe, expect, it } from 'vitest';
import { createResponseValidator } from '../../contracts/response-validator.ts';
import { createSchemaValidator } from '../../contracts/schema-validator.ts';
import { adminDocumentPath } from '../../openapi/load-document.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../support/mock-client.ts';

type Status = { scenario: string; tenants: { tenantId: number; accounts: number }[]; journalEntries: number };
type Entry = {
  seq: number;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  requestDigest: string | null;
};

const adminValidator = createResponseValidator(await loadPlan(adminDocumentPath));
// The customer API's error body, which every admin error must have too (declared or not).
const validateApiError = createSchemaValidator();
const apiError = (await loadPlan()).schema('ApiError');
const apiErrorProblems = (body: unknown) => validateApiError(apiError, body);

/**
 * A client of a fresh mock whose every admin answer, however it was asked for, is checked
 * against openapi/mock-admin.yaml: a status, header or body its document does not declare fails.
 */
async function adminClient(options: { adminToken?: string } = {}) {
  const client = await mockClient(options);
  const call: typeof client.call = async (method, path, request) => {
    const answer = await client.call(method, path, request);
    const last = client.exchanges.at(-1);
    if (last && path.startsWith('/__mock')) {
      const problems = adminValidator.validate({ ...last, path: path.split('?')[0] ?? path });
      expect(problems, `${method} ${path}`).toEqual([]);
    }
    return answer;
  };
  const admin = (method: string, path: string, body?: unknown, token?: string) =>
    call(method, `/__mock${path}`, { body, token: token ?? null });
  return { ...client, call, admin };
}

describe('/__mock admin API', () => {
  it('declares, on every operation, the refusals its guard and body checks can give', async () => {
    const plan = await loadPlan(adminDocumentPath);
    for (const operation of plan.operations) {
      const generic = [401, 403, ...(operation.body ? [400, 413, 415] : [])];
      expect(operation.statuses, operation.operationId).toEqual(expect.arrayContaining(generic));
    }
  });

  it('counts each tenant’s accounts', async () => {
    const { admin, call } = await adminClient();
    await call('POST', bulkPath, { body: [accountItem(1), accountItem(2)] });
    const status = (await admin('GET', '/status')).body as Status;
    expect(status).toMatchObject({ scenario: 'default', tenants: [{ tenantId: 100000, accounts: 252 }] });
  });

  it('resets a tenant to its generated accounts', async () => {
    const { admin, call } = await adminClient();
    await call('POST', bulkPath, { body: [accountItem(3)] });
    expect((await admin('POST', '/tenants/100000/reset')).status).toBe(204);
    expect(((await admin('GET', '/status')).body as Status).tenants[0]?.accounts).toBe(250);
  });

  it('loads a scenario given as JSON, and refuses a bad one saying why', async () => {
    const { admin, call } = await adminClient();
    const loaded = await admin('PUT', '/scenario', { name: 'tiny', tenants: [{ id: 100000, accounts: 5 }] });
    expect((loaded.body as Status).scenario).toBe('tiny');
    expect(((await call('GET', accountsPath)).body as { totalCount: number }).totalCount).toBe(5);
    const bad = await admin('PUT', '/scenario', {
      name: 'bad',
      faults: [{ operation: 'getAccounts', status: 409 }],
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toContain('getAccounts does not declare 409');
  });

  it('loads a shipped scenario by name and lists them', async () => {
    const { admin } = await adminClient();
    const names = ((await admin('GET', '/scenarios')).body as { items: { name: string }[] }).items.map(
      (s) => s.name,
    );
    expect(names).toEqual(['auth-failures', 'default', 'empty-tenant', 'large-catalog', 'slow-and-flaky']);
    expect(((await admin('PUT', '/scenario/empty-tenant')).body as Status).tenants).toEqual([
      { tenantId: 100000, accounts: 0 },
    ]);
    expect((await admin('PUT', '/scenario/no-such-thing')).status).toBe(404);
  });

  it('answers an unknown admin path, a wrong method and bad parameters with Kibo’s error body', async () => {
    const { admin } = await adminClient();
    const unknown = await admin('GET', '/nowhere');
    const wrongMethod = await admin('DELETE', '/status');
    const badTenant = await admin('POST', '/tenants/abc/reset');
    const badQuery = await admin('GET', '/journal?limit=0');
    expect([unknown.status, wrongMethod.status, badTenant.status, badQuery.status]).toEqual([
      404, 405, 400, 400,
    ]);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    for (const answer of [unknown, wrongMethod, badTenant, badQuery]) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(apiErrorProblems(answer.body)).toEqual([]);
    }
  });

  it('refuses what a web page could send: another origin, a text/plain write, a rebound Host', async () => {
    const { call } = await adminClient();
    await call('POST', bulkPath, { body: [accountItem(4)] });
    const reset = (headers: Record<string, string>, raw?: string) =>
      call('POST', '/__mock/tenants/100000/reset', { token: null, headers, raw });
    const attempts = [
      await reset({ origin: 'http://evil.example', 'content-type': 'text/plain' }, '{}'),
      await reset({ origin: 'null' }),
      await reset({ 'sec-fetch-site': 'cross-site' }),
      await reset({ 'content-type': 'text/plain' }, 'x'),
      await reset({ host: 'evil.example:4010' }),
    ];
    expect(attempts.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    expect((attempts[0]?.body as { message: string }).message).toContain('Origin http://evil.example');
    expect((attempts[4]?.body as { message: string }).message).toContain('Host evil.example');
    const status = await call('GET', '/__mock/status', { token: null });
    expect((status.body as Status).tenants[0]?.accounts).toBe(251);
    // Its own page, or a tool that sends no Origin, gets in.
    expect((await reset({ origin: 'http://localhost', host: 'localhost' })).status).toBe(204);
  });

  it('answers a scenario that is too large or not JSON as its document declares', async () => {
    const { call } = await adminClient();
    const huge = JSON.stringify({ name: 'huge', description: 'x'.repeat(2 ** 20) });
    const tooLarge = await call('PUT', '/__mock/scenario', {
      token: null,
      raw: huge,
      headers: { 'content-type': 'application/json' },
    });
    const yaml = await call('PUT', '/__mock/scenario', {
      token: null,
      raw: 'name: tiny',
      headers: { 'content-type': 'application/yaml' },
    });
    expect([tooLarge.status, yaml.status]).toEqual([413, 415]);
    for (const answer of [tooLarge, yaml]) expect(apiErrorProblems(answer.body)).toEqual([]);
  });

  it('answers HEAD on its documents and status with headers only', async () => {
    const { call } = await adminClient();
    const head = await call('HEAD', '/__mock/status', { token: null });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('keeps its own document from other origins', async () => {
    const { call } = await adminClient();
    const foreign = await call('GET', '/__mock/openapi.json', {
      token: null,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(apiErrorProblems(foreign.body)).toEqual([]);
  });

  it('asks for the admin token when one is set', async () => {
    const { admin } = await adminClient({ adminToken: 'let-me-in' });
    const refused = await admin('GET', '/status');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await admin('GET', '/status', undefined, 'wrong')).status).toBe(401);
    expect((await admin('GET', '/status', undefined, 'let-me-in')).status).toBe(200);
  });
});

describe('the request journal', () => {
  it('records what was called, filterable, with body digests and no secrets', async () => {
    const { admin, call, token } = await adminClient();
    await call('POST', bulkPath, { body: [accountItem(7)] });
    await call('POST', bulkPath, { body: [accountItem(7)] });
    await call('GET', `${accountsPath}/1001`);
    await call('GET', '/api/nowhere');

    const all = ((await admin('GET', '/journal')).body as { items: Entry[] }).items;
    expect(all.map((e) => [e.method, e.operationId, e.status])).toEqual([
      ['POST', 'addAccounts', 200],
      ['POST', 'addAccounts', 409],
      ['GET', 'getAccount', 200],
      ['GET', null, 404],
    ]);
    expect(all[0]?.requestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(all[0]?.requestDigest).toBe(all[1]?.requestDigest);

    const conflicts = (
      (await admin('GET', '/journal?operationId=addAccounts&status=409')).body as { items: Entry[] }
    ).items;
    expect(conflicts).toHaveLength(1);
    const later = ((await admin('GET', `/journal?since=${all[1]?.seq}`)).body as { items: Entry[] }).items;
    expect(later.map((e) => e.path)).toEqual(['/api/commerce/customer/accounts/1001', '/api/nowhere']);

    const text = JSON.stringify(all);
    expect(text).not.toContain('Secret-Password-7');
    expect(text).not.toContain(token);
  });

  it('is cleared on request', async () => {
    const { admin, call } = await adminClient();
    await call('GET', accountsPath);
    expect((await admin('DELETE', '/journal')).status).toBe(204);
    expect(((await admin('GET', '/journal')).body as { items: Entry[] }).items).toEqual([]);
  });
});
