import { describe, expect, it } from 'vitest';
import type { Document, Scalar, YAMLMap } from 'yaml';
import { runChecks } from '../../contracts/run-checks.ts';
import type { Mock } from '../../mock/app.ts';
import { createNodeMock, type NodeMockOptions } from '../../mock/node/create-node-mock.ts';
import { defaultConfig } from '../../mock/auth/default-config.ts';
import type { CheckResult } from '../../contracts/check.ts';
import { editedDocuments, type EditedDocuments } from '../support/edited-documents.ts';
import { accountItem, bulkPath, fixedNow, fullClient, limitedClient } from '../support/mock-client.ts';

// The document is the single source of truth: each rule edited in a copy of it changes what the
// mock built from that copy enforces, and what the contract suite judging by that copy checks,
// with no code change. Each test also shows the edit matters: the unedited side behaves otherwise.

const schemas = ['components', 'schemas'];

async function mockOf(edited: EditedDocuments | undefined, options: NodeMockOptions = {}) {
  const mock = await createNodeMock({ now: fixedNow, ...options, ...(edited ?? {}) });
  const token = await mock.tokens.issue(fullClient);
  const call = async (method: string, path: string, body?: unknown, bearer = token) => {
    const response = await mock.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  return { mock, token, call };
}

type Fetch = (request: Request) => Promise<Response>;

/**
 * The suite run in-process against a mock, judging it by `documentPath` (the kit's own by
 * default); `wrap` makes another implementation of the mock, one with a flaw.
 */
async function suiteVerdicts(
  mock: Mock,
  documentPath?: string,
  wrap: (inner: Fetch) => Fetch = (inner) => inner,
): Promise<Map<string, CheckResult>> {
  const result = await runChecks(
    {
      baseUrl: 'http://mock.test/api',
      clientId: fullClient,
      clientSecret: 'mock-secret',
      limitedClientId: limitedClient,
      limitedClientSecret: 'mock-secret',
      fetch: wrap(async (request) => mock.app.fetch(request)),
    },
    { documentPath },
  );
  return new Map(result.checks.map((check) => [check.id, check]));
}

function messages(check: CheckResult | undefined): string {
  return (check?.violations ?? []).map((v) => v.message).join('\n');
}

const failures = (verdicts: Map<string, CheckResult>) =>
  [...verdicts.values()].filter((check) => check.status === 'failed');

type Page = { startIndex: number; pageSize: number; items: { emailAddress: string }[] };
type Account = { emailAddress?: string; contacts?: { address?: Record<string, unknown> }[] };

/**
 * An implementation that gives a field back on the accounts it reads out of its tenant (not on the
 * ones a client just created): each contact address of those gets a postal code.
 */
const postalCodesOnStoredAccounts =
  (inner: Fetch): Fetch =>
  async (request) => {
    const response = await inner(request);
    if (request.method !== 'GET' || response.status !== 200 || !request.url.includes('/customer/accounts'))
      return response;
    const body = (await response.json()) as Account & { items?: Account[] };
    const stored = (account: Account): Account =>
      account.emailAddress?.startsWith('contract+')
        ? account
        : {
            ...account,
            contacts: account.contacts?.map((contact) =>
              contact.address
                ? { ...contact, address: { ...contact.address, postalOrZipCode: '97209' } }
                : contact,
            ),
          };
    const leaked = body.items ? { ...body, items: body.items.map(stored) } : stored(body);
    return Response.json(leaked, { status: 200, headers: response.headers });
  };

describe('an edited document changes the mock and the contract suite', () => {
  it('never returns, logs or repeats a new write-only field deep in an account', async () => {
    const edited = editedDocuments((doc: Document) =>
      doc.setIn([...schemas, 'CustomerContact', 'properties', 'faxNumber', 'x-write-only'], true),
    );
    const log: string[] = [];
    const { mock, call } = await mockOf(edited, { log: (line) => log.push(line) });
    const secret = 'FAX-0142-SECRET';
    const item = accountItem(1, { contacts: [{ email: 'a@example.com', faxNumber: secret }] });
    const created = await call('POST', bulkPath, [item]);
    expect(created.status).toBe(200);
    expect(created.text).not.toContain(secret);
    expect(created.text).not.toContain('faxNumber');
    const id = (JSON.parse(created.text) as { items: { id: number }[] }).items[0]?.id;
    const read = await call('GET', `/api/commerce/customer/accounts/${id}`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(secret);
    // Too long for its maxLength: refused, and the refusal does not quote it either.
    const tooLong = `${secret}-${'9'.repeat(40)}`;
    const refused = await call('POST', bulkPath, [accountItem(2, { contacts: [{ faxNumber: tooLong }] })]);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('[0].account.contacts[0].faxNumber');
    expect(refused.text).not.toContain(secret);
    const journal = await call('GET', '/__mock/journal');
    expect(journal.text).not.toContain(secret);
    expect(log.join('\n')).not.toContain(secret);
    mock.close();

    // The unedited mock returns the field, and the suite judging by the edited copy says so.
    const original = await mockOf(undefined);
    const echoed = await original.call('POST', bulkPath, [item]);
    expect(echoed.text).toContain(secret);
    const verdicts = await suiteVerdicts(original.mock, edited.document);
    expect(verdicts.get('bulk.write-only-hidden')?.rule).toContain('faxNumber');
    expect(verdicts.get('bulk.write-only-hidden')?.status).toBe('failed');
    expect(messages(verdicts.get('bulk.write-only-hidden'))).toContain('faxNumber is write-only');
    const edit = await suiteVerdicts(mock, edited.document);
    expect(edit.get('bulk.write-only-hidden')?.status).toBe('passed');
    expect([...edit.values()].filter((check) => check.status === 'failed')).toEqual([]);
  });

  it('never answers a write-only field of the accounts it generated or stored, and the suite reads a page for it', async () => {
    const edited = editedDocuments((doc: Document) =>
      doc.setIn(
        [...schemas, 'CommerceRuntimeAddress', 'properties', 'postalOrZipCode', 'x-write-only'],
        true,
      ),
    );
    const { mock, call } = await mockOf(edited);
    const page = await call('GET', '/api/commerce/customer/accounts?pageSize=50');
    const one = await call('GET', '/api/commerce/customer/accounts/1001');
    const created = await call('POST', bulkPath, [
      accountItem(1, { contacts: [{ address: { cityOrTown: 'Portland', postalOrZipCode: '97209' } }] }),
    ]);
    for (const answer of [page, one, created]) {
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('"cityOrTown"');
      expect(answer.text).not.toContain('postalOrZipCode');
    }
    // The unedited mock answers the field on the same accounts: the edit is what hides it.
    const original = await mockOf(undefined);
    expect((await original.call('GET', '/api/commerce/customer/accounts?pageSize=50')).text).toContain(
      'postalOrZipCode',
    );
    expect((await original.call('GET', '/api/commerce/customer/accounts/1001')).text).toContain(
      'postalOrZipCode',
    );

    // Judged by the edited copy, the edited mock passes; one that gives the field back on the
    // accounts of its tenant, though never on those the suite creates, fails.
    expect(failures(await suiteVerdicts(mock, edited.document))).toEqual([]);
    const leaking = await suiteVerdicts(mock, edited.document, postalCodesOnStoredAccounts);
    const check = leaking.get('bulk.write-only-hidden');
    expect(check?.status).toBe('failed');
    expect(messages(check)).toMatch(/\/items\/\d+\/contacts\/\d+\/address\/postalOrZipCode is write-only/);
    expect(check?.violations.map((v) => v.location)).toEqual(
      expect.arrayContaining([
        'GET /commerce/customer/accounts → 200',
        'GET /commerce/customer/accounts/{accountId} → 200',
      ]),
    );
  });

  it('answers the success status the document declares, and the suite expects that one', async () => {
    const operations = [
      ['/commerce/customer/accounts/Bulk', 'post'],
      ['/commerce/customer/accounts', 'get'],
      ['/commerce/customer/accounts/{accountId}', 'get'],
    ];
    const edited = editedDocuments((doc) => {
      for (const [path = '', method = ''] of operations) {
        const responses = doc.getIn(['paths', path, method, 'responses']) as YAMLMap<Scalar, unknown>;
        const ok = responses.items.find((pair) => String(pair.key.value) === '200');
        if (ok) ok.key.value = '201';
      }
    });
    const { mock, call } = await mockOf(edited);
    expect((await call('POST', bulkPath, [accountItem(1)])).status).toBe(201);
    expect((await call('GET', '/api/commerce/customer/accounts/1001')).status).toBe(201);

    const verdicts = await suiteVerdicts(mock, edited.document);
    expect(failures(verdicts).map((check) => [check.id, messages(check)])).toEqual([]);
    // Judged by the kit's own document, a 201 is a success it does not declare.
    const byOriginal = await suiteVerdicts(mock);
    expect(messages(byOriginal.get('conformance.status-declared'))).toContain(
      'status 201 is not declared; addAccounts declares 200,',
    );
  });

  it('answers Bulk as one page in request order only while the document says x-batch-echo', async () => {
    const edited = editedDocuments((doc) =>
      doc.deleteIn(['paths', '/commerce/customer/accounts/Bulk', 'post', 'x-batch-echo']),
    );
    const batch = [accountItem(1), accountItem(2), accountItem(3)];
    const { mock, call } = await mockOf(edited);
    const unpaged = JSON.parse((await call('POST', bulkPath, batch)).text) as Page;
    expect(unpaged).toMatchObject({ startIndex: 0, pageSize: 0, pageCount: 0, totalCount: 3 });
    expect(unpaged.items.map((item) => item.emailAddress)).toEqual([
      'shopper3@example.com',
      'shopper2@example.com',
      'shopper1@example.com',
    ]);
    const original = await mockOf(undefined);
    const echoed = JSON.parse((await original.call('POST', bulkPath, batch)).text) as Page;
    expect(echoed).toMatchObject({ startIndex: 0, pageSize: 3, pageCount: 1, totalCount: 3 });
    expect(echoed.items.map((item) => item.emailAddress)).toEqual([
      'shopper1@example.com',
      'shopper2@example.com',
      'shopper3@example.com',
    ]);

    // Judged by the edited copy it keeps every rule (the echo is paired by email, not position);
    // judged by the kit's own, it does not share batch-echo.
    const verdicts = await suiteVerdicts(mock, edited.document);
    expect(failures(verdicts).map((check) => [check.id, messages(check)])).toEqual([]);
    expect(verdicts.get('bulk.paging')?.status).toBe('skipped');
    const byOriginal = await suiteVerdicts(mock);
    expect(byOriginal.get('bulk.paging')?.status).toBe('differs');
    expect(messages(byOriginal.get('bulk.creates-batch'))).toContain('(request order)');
    expect(byOriginal.get('bulk.echoes-fields')?.status).toBe('passed');
  });

  it('answers 409 by the unique keys the document lists, and the suite checks those', async () => {
    const edited = editedDocuments((doc) =>
      doc.setIn([...schemas, 'CustomerAccount', 'x-unique-keys'], ['emailAddress']),
    );
    const first = accountItem(1, { emailAddress: 'ann@example.com', userName: 'lee@example.com' });
    const second = accountItem(2, { emailAddress: 'lee@example.com', userName: 'lee2' });

    const original = await mockOf(undefined);
    expect((await original.call('POST', bulkPath, [first])).status).toBe(200);
    expect((await original.call('POST', bulkPath, [second])).status).toBe(409);

    const { mock, call } = await mockOf(edited);
    expect((await call('POST', bulkPath, [first])).status).toBe(200);
    expect((await call('POST', bulkPath, [second])).status).toBe(200);
    expect((await call('POST', bulkPath, [accountItem(3, { emailAddress: 'ANN@example.com' })])).status).toBe(
      409,
    );

    const verdicts = await suiteVerdicts(mock, edited.document);
    expect([...verdicts.keys()]).toContain('bad-input.duplicate-emailAddress-existing');
    expect([...verdicts.keys()]).not.toContain('bad-input.duplicate-userName-existing');
    expect([...verdicts.values()].filter((check) => check.status === 'failed')).toEqual([]);
  });

  it('refuses by the limits the document sets, and the suite sends one more', async () => {
    const body = ['paths', '/commerce/customer/accounts/Bulk', 'post', 'requestBody'];
    const edited = editedDocuments((doc) => {
      // The suite's own happy-path batch has three accounts: the smallest limit it can work with.
      doc.setIn([...body, 'content', 'application/json', 'schema', 'maxItems'], 3);
      doc.setIn([...body, 'x-max-body-bytes'], 4096);
    });
    const { mock, call } = await mockOf(edited);
    expect(
      (
        await call(
          'POST',
          bulkPath,
          [1, 2, 3].map((n) => accountItem(n)),
        )
      ).status,
    ).toBe(200);
    const four = await call(
      'POST',
      bulkPath,
      [4, 5, 6, 7].map((n) => accountItem(n)),
    );
    expect(four.status).toBe(400);
    expect(four.text).toContain('must NOT have more than 3 items');
    const padded = JSON.stringify([accountItem(8)]) + ' '.repeat(4096);
    expect((await call('POST', bulkPath, padded)).status).toBe(413);

    const verdicts = await suiteVerdicts(mock, edited.document);
    expect(verdicts.get('bad-input.oversize-batch')?.status).toBe('passed');
    expect(verdicts.get('bad-input.oversize-body')?.rule).toContain('4096');
    expect([...verdicts.values()].filter((check) => check.status === 'failed')).toEqual([]);
    // The unedited mock takes four items and 4 KiB bodies: judged by the edited copy, it fails both.
    const original = await suiteVerdicts((await mockOf(undefined)).mock, edited.document);
    expect(messages(original.get('bad-input.oversize-batch'))).toContain('expected 400 (4 items), got 200');
    expect(messages(original.get('bad-input.oversize-body'))).toContain('expected 413');
  });

  it('refuses with 403 a behavior the document adds, and the suite checks it', async () => {
    const behaviors = ['paths', '/commerce/customer/accounts', 'get', 'x-required-behaviors'];
    const edited = editedDocuments((doc) =>
      doc.setIn(behaviors, ['customer-accounts:read', 'customer-accounts:audit']),
    );
    const config = {
      ...defaultConfig,
      clients: defaultConfig.clients.map((client) =>
        client.clientId === limitedClient
          ? { ...client, withoutBehaviors: [...(client.withoutBehaviors ?? []), 'customer-accounts:audit'] }
          : client,
      ),
    };
    const { mock, call } = await mockOf(edited, { config });
    const limited = await mock.tokens.issue(limitedClient);
    const refused = await call('GET', '/api/commerce/customer/accounts', undefined, limited);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('customer-accounts:audit');
    expect((await call('GET', '/api/commerce/customer/accounts')).status).toBe(200);

    const verdicts = await suiteVerdicts(mock, edited.document);
    expect(verdicts.get('auth.required-behaviors')?.rule).toContain('customer-accounts:audit');
    expect(verdicts.get('auth.required-behaviors')?.status).toBe('passed');
    // The unedited mock lets every token list accounts: judged by the edited copy, that is a failure.
    const original = await suiteVerdicts((await mockOf(undefined)).mock, edited.document);
    expect(messages(original.get('auth.required-behaviors'))).toContain(
      'expected 403 (a token without customer-accounts:audit), got 200',
    );
  });

  it('ignores the read-only fields and fills the defaults the document states', async () => {
    const account = [...schemas, 'CustomerAccount', 'properties'];
    const edited = editedDocuments((doc) => {
      doc.setIn([...account, 'companyOrOrganization', 'readOnly'], true);
      doc.deleteIn([...account, 'userName', 'x-default-from']);
    });
    const { mock, call } = await mockOf(edited);
    const created = await call('POST', bulkPath, [accountItem(1, { companyOrOrganization: 'Acme' })]);
    expect(created.status).toBe(200);
    const [item] = (JSON.parse(created.text) as { items: Record<string, unknown>[] }).items;
    expect(item).not.toHaveProperty('companyOrOrganization');
    expect(item).not.toHaveProperty('userName');

    const original = await mockOf(undefined);
    const kept = await original.call('POST', bulkPath, [accountItem(1, { companyOrOrganization: 'Acme' })]);
    expect(kept.text).toContain('"companyOrOrganization":"Acme"');
    expect(kept.text).toContain('"userName":"shopper1@example.com"');

    // Judged by the edited copy, the edited mock passes; judged by the kit's own, it drops a field.
    expect(
      [...(await suiteVerdicts(mock, edited.document)).values()].filter((check) => check.status === 'failed'),
    ).toEqual([]);
    const byOriginal = await suiteVerdicts(mock);
    expect(messages(byOriginal.get('bulk.echoes-fields'))).toContain(
      'companyOrOrganization was sent but is missing',
    );
  });
});
