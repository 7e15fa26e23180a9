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

type Message = { seq: number; tenantId: number; to: string; accountId: number; confirmationCode: string };
type Credentials = {
  tenantId: number;
  accountId: number;
  userName: string;
  emailAddress: string;
  password: string;
};

describe('the outbox', () => {
  it('holds each reset’s code, oldest first, filtered by seq and tenant', async () => {
    const { admin, call } = await adminClient();
    const resetPath = `${accountsPath}/Reset-Password`;
    const emails = await Promise.all(
      [1001, 1002].map(
        async (id) =>
          ((await call('GET', `${accountsPath}/${id}`)).body as { emailAddress: string }).emailAddress,
      ),
    );
    for (const emailAddress of emails) await call('POST', resetPath, { body: { emailAddress } });
    await call('POST', resetPath, { body: { emailAddress: 'nobody@example.com' } });

    const all = ((await admin('GET', '/outbox')).body as { items: Message[] }).items;
    expect(all.map((m) => [m.accountId, m.to])).toEqual([
      [1001, emails[0]],
      [1002, emails[1]],
    ]);
    const later = ((await admin('GET', `/outbox?since=${all[0]?.seq}`)).body as { items: Message[] }).items;
    expect(later.map((m) => m.accountId)).toEqual([1002]);
    expect(((await admin('GET', '/outbox?tenantId=100000')).body as { items: Message[] }).items).toHaveLength(
      2,
    );
    expect(((await admin('GET', '/outbox?tenantId=200000')).body as { items: Message[] }).items).toEqual([]);
    expect((await admin('GET', '/outbox?since=-1')).status).toBe(400);
  });

  it('is emptied when a scenario is loaded', async () => {
    const { admin, call } = await adminClient();
    const { emailAddress } = (await call('GET', `${accountsPath}/1003`)).body as { emailAddress: string };
    await call('POST', `${accountsPath}/Reset-Password`, { body: { emailAddress } });
    await admin('PUT', '/scenario/default');
    expect(((await admin('GET', '/outbox')).body as { items: Message[] }).items).toEqual([]);
  });
});

describe('a generated shopper’s credentials', () => {
  const credentialsPath = (accountId: number | string) => `/tenants/100000/accounts/${accountId}/credentials`;

  it('gives the sign-in of a generated account, whose password changes its password', async () => {
    const { admin, call } = await adminClient();
    const answer = await admin('GET', credentialsPath(1004));
    expect(answer.status).toBe(200);
    const credentials = answer.body as Credentials;
    const account = (await call('GET', `${accountsPath}/1004`)).body as {
      emailAddress: string;
      userName: string;
    };
    expect(credentials).toMatchObject({
      tenantId: 100000,
      accountId: 1004,
      emailAddress: account.emailAddress,
      userName: account.userName,
    });
    const changed = await call('POST', `${accountsPath}/1004/Change-Password`, {
      body: { oldPassword: credentials.password, newPassword: 'Now-My-Own-1' },
    });
    expect(changed.status).toBe(200);
  });

  it('answers 409 once the password is no longer the generated one, and for an account made by the API', async () => {
    const { admin, call, mock } = await adminClient();
    const oldPassword = mock.world().tenant(100000).generatedPassword(1005);
    await call('POST', `${accountsPath}/1005/Change-Password`, {
      body: { oldPassword, newPassword: 'Mine-1' },
    });
    const changed = await admin('GET', credentialsPath(1005));
    expect(changed.status).toBe(409);
    expect((changed.body as { message: string }).message).toBe(
      'Validation conflict: the password of account 1005 is no longer the generated one',
    );
    const created = await call('POST', bulkPath, { body: [accountItem(40)] });
    const id = (created.body as { items: { id: number }[] }).items[0]?.id ?? 0;
    const made = await admin('GET', credentialsPath(id));
    expect(made.status).toBe(409);
    expect(JSON.stringify(made.body)).not.toContain('Secret-Password-40');
  });

  it('keeps a generated password through a lock and a failed change, which set no other', async () => {
    const { admin, call } = await adminClient();
    await call('POST', `${accountsPath}/1006/Set-Login-Locked`, { body: true });
    await call('POST', `${accountsPath}/1006/Change-Password`, {
      body: { oldPassword: 'wrong', newPassword: 'x' },
    });
    expect((await admin('GET', credentialsPath(1006))).status).toBe(200);
  });

  it('answers 404 for an account the tenant does not have, and 400 for an id that is not one', async () => {
    const { admin, mock } = await adminClient();
    // Deleted directly: the API keeps a generated account that has orders, as Kibo does.
    const store = mock.world().tenant(100000);
    await store.write(() => store.commit([{ kind: 'delete', id: 1007 }]));
    expect((await admin('GET', credentialsPath(1007))).status).toBe(404);
    const unknown = await admin('GET', credentialsPath(999999));
    expect(unknown.status).toBe(404);
    expect((unknown.body as { message: string }).message).toBe(
      'Item not found: account 999999 does not exist in tenant 100000',
    );
    expect((await admin('GET', credentialsPath('abc'))).status).toBe(400);
  });
});
