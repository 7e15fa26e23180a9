import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { assumptionSettingProblems, relaxedDocument } from '../../openapi/assumption-settings.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { planOf, type ApiPlan } from '../../openapi/operation-plan.ts';
import { parseScenario } from '../../mock/world/scenarios/scenario.ts';
import { accountItem, accountsPath, bulkPath, fullClient, mockClient } from '../support/mock-client.ts';
import { fetchToken, spawnCli, startCli } from '../support/spawned-mock.ts';

type Page = { items: Record<string, unknown>[]; totalCount: number };
type ErrorBody = {
  errorCode: string;
  message: string;
  additionalErrorData: { name: string; value: string }[];
  items: { applicationErrorData: { name: string; value: string }[] }[];
};

const plan = await loadPlan();
const offOne = (id: string) => assumptionSettingProblems(plan, { [id]: false });

/**
 * What the mock is built from, of one plan: every rule its pipeline, validators and handlers read
 * (the schemas they validate with included), and none it does not read (answers' schemas, texts).
 */
function readByTheMock(of: ApiPlan): string {
  return JSON.stringify(
    of.operations.map((o) => ({
      body: o.body,
      parameters: o.parameters,
      requiredBehaviors: o.requiredBehaviors,
      challenges: o.challenges,
      allOrNothing: o.allOrNothing,
      batchEcho: o.batchEcho,
      scanLimit: o.scanLimit,
      searchFields: o.searchFields,
      fieldSelections: o.fieldSelections,
      fieldMatches: o.fieldMatches,
      responseGroups: o.responseGroups && [...o.responseGroups.groups],
      notDeletableWhile: o.notDeletableWhile,
      ignoredFields: o.ignoredFields,
      keptWhenAbsent: o.keptWhenAbsent,
      replaces: o.replaces,
      onePrimaryPerType: o.onePrimaryPerType,
      userClaimsAccount: o.userClaimsAccount,
      lockoutAfter: o.lockoutAfter,
      codeLifetimeMinutes: o.codeLifetimeMinutes,
      success: o.success.writeOnly,
      lifetimes: [...o.success.defaultLifetimes],
    })),
  );
}

/** The assumptions the mock keeps whatever a run asks, with a word of why each. */
const kept: Record<string, string> = {
  'error-body': 'message and errorCode',
  'token-response': 'access_token',
  'secrets-write-only': 'never returns or repeats a secret',
  'delete-with-orders': 'no other status',
  'error-statuses': 'marks no rule of the document',
  'sign-in-refusal': 'no other status',
};

const createdIds = (body: unknown) =>
  (body as ErrorBody).additionalErrorData.find((d) => d.name === 'CreatedIds')?.value.split(',') ?? [];

describe('the kit’s assumptions, turned off or re-limited to behave like a tenant', () => {
  it('creates the valid items of a batch and names the refused one when all-or-nothing is off', async () => {
    const { call } = await mockClient({ assumptions: { 'all-or-nothing': false } });
    const answer = await call('POST', bulkPath, {
      body: [accountItem(1), accountItem(2, { emailAddress: 'not-an-email' }), accountItem(3)],
    });
    expect(answer.status).toBe(400);
    const body = answer.body as ErrorBody;
    expect(body.message).toContain('1 item was refused and 2 created');
    expect(body.items.flatMap((i) => i.applicationErrorData)).toContainEqual({ name: 'Index', value: '1' });
    const ids = createdIds(answer.body);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await call('GET', `${accountsPath}/${id}`)).status).toBe(200);
  });

  it('refuses every bad item of such a batch, one too long as well as one badly formed', async () => {
    const { call } = await mockClient({ assumptions: { 'all-or-nothing': false } });
    const answer = await call('POST', bulkPath, {
      body: [
        accountItem(1, { firstName: 'x'.repeat(5_000) }),
        accountItem(2, { emailAddress: 'not-an-email' }),
        accountItem(3),
      ],
    });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('2 items were refused and 1 created');
    expect(createdIds(answer.body)).toHaveLength(1);
  });

  it('still creates nothing of a bad batch as the document says', async () => {
    const { call } = await mockClient();
    const before = ((await call('GET', `${accountsPath}?pageSize=1`)).body as Page).totalCount;
    const answer = await call('POST', bulkPath, {
      body: [accountItem(1), accountItem(2, { emailAddress: 'x' })],
    });
    expect(answer.status).toBe(400);
    expect(((await call('GET', `${accountsPath}?pageSize=1`)).body as Page).totalCount).toBe(before);
  });

  it('accepts a taken email when duplicates is off', async () => {
    const { call } = await mockClient({ assumptions: { duplicates: false } });
    const twice = [accountItem(5), accountItem(5, { emailAddress: 'SHOPPER5@example.com' })];
    expect((await call('POST', bulkPath, { body: twice })).status).toBe(200);
  });

  it('takes a batch limit of its own', async () => {
    const { call } = await mockClient({ assumptions: { 'batch-limit': 2 } });
    expect((await call('POST', bulkPath, { body: [accountItem(1), accountItem(2)] })).status).toBe(200);
    const three = await call('POST', bulkPath, { body: [accountItem(3), accountItem(4), accountItem(6)] });
    expect(three.status).toBe(400);
    expect((three.body as ErrorBody).message).toContain('must NOT have more than 2 items');
  });

  it('drops, rather than refuses, properties no schema declares when unknown-fields is off', async () => {
    const { call } = await mockClient({ assumptions: { 'unknown-fields': false } });
    const answer = await call('POST', bulkPath, { body: [accountItem(7, { favouriteColour: 'teal' })] });
    expect(answer.status).toBe(200);
    const [created] = (answer.body as Page).items;
    expect(created).not.toHaveProperty('favouriteColour');
    expect(created?.emailAddress).toBe('shopper7@example.com');
  });

  it('answers odd input with a 4xx or a lenient 200, never a 5xx, with every assumption off', async () => {
    const off = Object.fromEntries(
      plan.assumptions.flatMap(({ id }) =>
        assumptionSettingProblems(plan, { [id]: false }).length === 0 ? [[id, false] as const] : [],
      ),
    );
    const { call } = await mockClient({ assumptions: off });
    const odd: [string, string, Parameters<typeof call>[2]][] = [
      ['POST', bulkPath, { raw: '', headers: { 'content-type': 'application/json' } }],
      ['POST', bulkPath, { body: [{}, { account: null }, { account: { emailAddress: null } }] }],
      ['POST', '/api/platform/applications/authtickets/oauth', { body: {}, token: null }],
      ['GET', `${accountsPath}?pageSize=-1&startIndex=-5`, {}],
      ['GET', `${accountsPath}?qLimit=0&q=a&fields=id,(`, {}],
      ['DELETE', `${accountsPath}/-1`, {}],
      ['GET', '/api/platform/tenants/0', {}],
      ['POST', `${accountsPath}/1001/Change-Password`, { body: {} }],
      ['POST', `${accountsPath}/1001/Change-Password`, { body: { oldPassword: null, newPassword: null } }],
      ['POST', `${accountsPath}/Reset-Password`, { headers: { 'content-type': 'application/json' } }],
      ['POST', `${accountsPath}/Update-Forgotten-Password`, { body: { userName: null } }],
      ['POST', `${accountsPath}/loginstatebyusername`, {}],
      ['POST', `${accountsPath}/1001/Set-Login-Locked`, { headers: { 'content-type': 'application/json' } }],
      [
        'POST',
        `${accountsPath}/1001/Set-Password-Change-Required`,
        { headers: { 'content-type': 'application/json' } },
      ],
      ['GET', `${accountsPath}/1001/loginstate`, {}],
    ];
    for (const [method, path, options] of odd) {
      const answer = await call(method, path, options);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
    }
    const page = (await call('GET', `${accountsPath}?pageSize=-1&startIndex=-5`)).body as Page & {
      startIndex: number;
      pageSize: number;
    };
    expect(page).toMatchObject({ startIndex: 0, pageSize: 20 });
  });

  it('reads a JSON body whatever its Content-Type says when media-types is off', async () => {
    const plain = { raw: JSON.stringify([accountItem(30)]), headers: { 'content-type': 'text/plain' } };
    expect((await (await mockClient()).call('POST', bulkPath, plain)).status).toBe(415);
    const { call } = await mockClient({ assumptions: { 'media-types': false } });
    const answer = await call('POST', bulkPath, plain);
    expect(answer.status).toBe(200);
    expect((answer.body as Page).items[0]?.emailAddress).toBe('shopper30@example.com');
    const form = await call('POST', bulkPath, {
      raw: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
    expect((form.body as ErrorBody).message).toContain('not valid JSON');
  });

  it('answers 401 without a WWW-Authenticate challenge when challenge-header is off', async () => {
    const oauth = '/api/platform/applications/authtickets/oauth';
    const wrong = { token: null, body: { client_id: fullClient, client_secret: 'wrong' } };
    const kit = await mockClient();
    expect((await kit.call('GET', accountsPath, { token: null })).headers.get('www-authenticate')).toBe(
      'Bearer realm="kibo"',
    );
    expect((await kit.call('POST', oauth, wrong)).headers.get('www-authenticate')).toContain(
      'invalid_client',
    );
    const { call } = await mockClient({ assumptions: { 'challenge-header': false } });
    for (const answer of [
      await call('GET', accountsPath, { token: null }),
      await call('GET', accountsPath, { token: 'not-a-jwt' }),
      await call('POST', oauth, wrong),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBeNull();
      expect((answer.body as ErrorBody).errorCode).toBe('UNAUTHORIZED');
    }
  });

  it('answers Bulk as an unpaged collection, newest first, when batch-echo is off', async () => {
    const { call } = await mockClient({ assumptions: { 'batch-echo': false } });
    const answer = await call('POST', bulkPath, { body: [accountItem(31), accountItem(32)] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ startIndex: 0, pageSize: 0, pageCount: 0, totalCount: 2 });
    expect((answer.body as Page).items.map((item) => item.emailAddress)).toEqual([
      'shopper32@example.com',
      'shopper31@example.com',
    ]);
  });

  it('takes a request without a body when body-required is off', async () => {
    const none = { headers: { 'content-type': 'application/json' } };
    const refused = await (await mockClient()).call('POST', bulkPath, none);
    expect(refused.status).toBe(400);
    expect((refused.body as ErrorBody).message).toContain('the request body is required');
    const { call } = await mockClient({ assumptions: { 'body-required': false } });
    // Bulk of nothing creates nothing (with empty-batch on, an empty array is still refused).
    expect(await call('POST', bulkPath, none)).toMatchObject({
      status: 200,
      body: { totalCount: 0, items: [] },
    });
    expect((await call('POST', bulkPath, { body: [] })).status).toBe(400);
    const oauth = await call('POST', '/api/platform/applications/authtickets/oauth', {
      ...none,
      token: null,
    });
    expect(oauth.status).toBe(401);
  });

  it('searches every text field with q when search-fields is off', async () => {
    const item = accountItem(33, { taxId: 'TX-SEARCH-0033', taxExempt: true });
    const search = `${accountsPath}?q=tx-search-0033`;
    const kit = await mockClient();
    await kit.call('POST', bulkPath, { body: [item] });
    expect(((await kit.call('GET', search)).body as Page).totalCount).toBe(0);
    const { call } = await mockClient({ assumptions: { 'search-fields': false } });
    await call('POST', bulkPath, { body: [item] });
    expect(((await call('GET', search)).body as Page).items.map((a) => a.emailAddress)).toEqual([
      'shopper33@example.com',
    ]);
  });

  it('refuses to turn off what it keeps in its own answers, saying why', () => {
    for (const [id, why] of Object.entries(kept)) {
      const [problem] = offOne(id);
      expect(problem, id).toContain(why);
      expect(() => relaxedDocument(plan, { [id]: false }), id).toThrow(why);
    }
    expect(offOne('error-body')[0]).toBe(
      "error-body cannot be turned off or changed: every error the mock answers carries message and errorCode, which Kibo's SDKs read",
    );
  });

  it('changes what it is built from for every assumption it lets a run turn off', () => {
    const original = readByTheMock(plan);
    const unchanged = plan.assumptions
      .filter(({ id }) => offOne(id).length === 0)
      .filter(({ id }) => readByTheMock(planOf(relaxedDocument(plan, { [id]: false }))) === original)
      .map(({ id }) => id);
    expect(unchanged, 'assumptions whose off the mock ignores: give it a meaning or refuse it').toEqual([]);
    const refused = plan.assumptions.filter(({ id }) => offOne(id).length > 0).map(({ id }) => id);
    expect(refused.sort()).toEqual(['body-size', 'json-depth', 'scan-limit', ...Object.keys(kept)].sort());
  });

  it('changes its assumptions when a scenario that sets them is loaded, and back', async () => {
    const { call, mock } = await mockClient();
    const twice = (n: number) => [accountItem(n), accountItem(n)];
    expect((await call('POST', bulkPath, { body: twice(20) })).status).toBe(409);
    mock.loadScenario({ name: 'lenient', assumptions: { duplicates: false } });
    expect((await call('POST', bulkPath, { body: twice(21) })).status).toBe(200);
    mock.loadScenario(undefined);
    expect((await call('POST', bulkPath, { body: twice(22) })).status).toBe(409);
  });

  it('takes --assumption on npm start, naming the changes in the banner, and refuses a wrong one', async () => {
    const mock = await startCli(['--assumption', 'duplicates=off', '--assumption', 'batch-limit=5000']);
    expect(mock.output()).toContain('assumptions:   duplicates=off, batch-limit=5000');
    const wrong = spawnCli(['--port', '0', '--assumption', 'body-size=off']);
    const [code] = (await once(wrong, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(wrong.output()).toContain('body-size marks x-max-body-bytes, a bound of the mock');
    const kept = spawnCli(['--port', '0', '--assumption', 'error-body=off']);
    expect(((await once(kept, 'exit')) as [number | null])[0]).toBe(2);
    expect(kept.output()).toContain('error-body cannot be turned off or changed');
  });

  it('does what its banner says with --assumption media-types=off and challenge-header=off', async () => {
    const { url, output } = await startCli([
      '--assumption',
      'media-types=off',
      '--assumption',
      'challenge-header=off',
    ]);
    expect(output()).toContain('assumptions:   media-types=off, challenge-header=off');
    const token = await fetchToken(url);
    const plain = await fetch(`${url}${bulkPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify([accountItem(34)]),
    });
    expect(plain.status).toBe(200);
    const refused = await fetch(`${url}${accountsPath}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBeNull();
  });

  it('says what is wrong with a setting', () => {
    expect(assumptionSettingProblems(plan, { 'no-such-thing': false })[0]).toMatch(
      /^"no-such-thing" is not one of the document's assumptions: all-or-nothing, /,
    );
    expect(assumptionSettingProblems(plan, { 'body-size': false })).toEqual([
      'body-size marks x-max-body-bytes, a bound of the mock: give a number, not off',
    ]);
    expect(assumptionSettingProblems(plan, { duplicates: 3 })).toEqual([
      'duplicates marks status, x-unique-keys: it can be turned off, not given a number',
    ]);
    expect(assumptionSettingProblems(plan, { 'batch-limit': 5000, duplicates: false })).toEqual([]);
  });

  it('reads a scenario’s assumptions, naming the line of a wrong one', async () => {
    const scenario = parseScenario(
      'name: lenient\nassumptions:\n  duplicates: false\n',
      'lenient.yaml',
      plan,
    );
    expect(scenario.assumptions).toEqual({ duplicates: false });
    const { call } = await mockClient({ scenario });
    const twice = [accountItem(8), accountItem(8)];
    expect((await call('POST', bulkPath, { body: twice })).status).toBe(200);
    expect(() => parseScenario('name: odd\nassumptions:\n  dupes: false\n', 'odd.yaml', plan)).toThrow(
      /odd\.yaml:3 assumptions\.dupes: "dupes" is not one of the document's assumptions/,
    );
  });
});
