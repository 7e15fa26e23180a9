import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { assumptionSettingProblems } from '../../openapi/assumption-settings.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { parseScenario } from '../../mock/world/scenarios/scenario.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../support/mock-client.ts';
import { spawnCli, startCli } from '../support/spawned-mock.ts';

type Page = { items: Record<string, unknown>[]; totalCount: number };
type ErrorBody = {
  errorCode: string;
  message: string;
  additionalErrorData: { name: string; value: string }[];
  items: { applicationErrorData: { name: string; value: string }[] }[];
};

const plan = await loadPlan();
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
