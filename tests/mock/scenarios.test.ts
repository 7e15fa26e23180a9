import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { createMock } from '../../mock/app.ts';
import { parseScenario } from '../../mock/world/scenarios/scenario.ts';
import { loadScenarioFile, scenariosDir } from '../../mock/world/scenarios/scenario-file.ts';
import { accountItem, accountsPath, bulkPath, fixedNow, mockClient } from '../support/mock-client.ts';

type Collection = {
  totalCount: number;
  items: { id: number; emailAddress: string; isLocked: boolean; firstName: string }[];
};
type ErrorBody = { message: string; errorCode: string };

const plan = await loadPlan();
const problemsOf = (text: string) => {
  try {
    parseScenario(text, 'test.yaml', plan);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('scenario files', () => {
  const shipped = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'));

  it('ships the five documented scenarios', () => {
    expect(shipped.sort()).toEqual([
      'auth-failures.yaml',
      'default.yaml',
      'empty-tenant.yaml',
      'large-catalog.yaml',
      'slow-and-flaky.yaml',
    ]);
  });

  it.each(shipped)('loads %s, which has a description', (file) => {
    const scenario = loadScenarioFile(`${scenariosDir}${file}`, plan);
    expect(scenario.description?.length).toBeGreaterThan(40);
  });

  it('names the line and path of a field the schema does not know', () => {
    const message = problemsOf('name: x\ntenants:\n  - id: 100000\n    acounts: 3\n');
    expect(message).toContain('test.yaml:4 tenants[0].acounts: is not a declared property');
  });

  it('names the line of a YAML syntax error', () => {
    expect(problemsOf('name: x\nfaults: [\n')).toMatch(/^test\.yaml:\d+ not valid YAML or JSON/);
  });

  it('refuses a fault status the operation does not declare, listing those it does', () => {
    const message = problemsOf('name: x\nfaults:\n  - operation: addAccounts\n    status: 502\n');
    expect(message).toContain(
      'test.yaml:4 faults[0].status: addAccounts does not declare 502; it declares 200, 400',
    );
  });

  it('refuses a latency that could hang every call for a day, naming its line', () => {
    const message = problemsOf(
      'name: x\nfaults:\n  - operation: "*"\n    latencyMs: { min: 86400000, max: 60000 }\n',
    );
    expect(message).toContain('test.yaml:4 faults[0].latencyMs.min: must be <= 60000');
    expect(message).toContain('min 86400000 is above max 60000');
    expect(problemsOf('name: x\nfaults:\n  - operation: "*"\n    latencyMs: 90000\n')).toContain(
      'test.yaml:4 faults[0].latencyMs: must be <= 60000',
    );
  });

  it('says only what is wrong with a latency, not what the other form of it would need', () => {
    const number = problemsOf('name: x\nfaults:\n  - operation: "*"\n    latencyMs: 99999999\n');
    expect(number).toContain('1 problem(s)');
    expect(number).not.toContain('must be object');
    const range = problemsOf(
      'name: x\nfaults:\n  - operation: "*"\n    latencyMs: { min: 1, max: 99999999 }\n',
    );
    expect(range).toContain('1 problem(s)');
    expect(range).toContain('faults[0].latencyMs.max: must be <= 60000');
    expect(range).not.toContain('must be integer');
    expect(problemsOf('name: x\nfaults:\n  - operation: "*"\n    latencyMs: slow\n')).toContain(
      'test.yaml:4 faults[0].latencyMs: must be integer or object',
    );
  });

  it('refuses an unknown operation and an unknown example', () => {
    expect(problemsOf('name: x\nfaults:\n  - operation: addAcounts\n    status: 500\n')).toContain(
      'no operation "addAcounts"',
    );
    expect(
      problemsOf('name: x\nfaults:\n  - operation: getAccount\n    status: 404\n    example: nope\n'),
    ).toContain('has no example "nope"; it has noSuchAccount');
  });

  it('checks fixed accounts against the document’s CustomerAccount', () => {
    const message = problemsOf(
      'name: x\ntenants:\n  - id: 1\n    fixedAccounts:\n      - emailAddress: 42\n',
    );
    expect(message).toContain('tenants[0].fixedAccounts[0].emailAddress: must be string or null');
  });

  it('refuses fields the server assigns in a fixed account, saying which id it takes', () => {
    const message = problemsOf(
      [
        'name: x',
        'tenants:',
        '  - id: 1',
        '    fixedAccounts:',
        '      - emailAddress: a@example.com',
        '      - id: 7',
        '        userId: abc',
        '        auditInfo: {}',
      ].join('\n'),
    );
    const rule =
      'is assigned by the server (readOnly); fixed accounts take ids 1001, 1002 … in order, so this one is 1002';
    expect(message).toContain(`test.yaml:6 tenants[0].fixedAccounts[1].id: ${rule}`);
    expect(message).toContain(`test.yaml:7 tenants[0].fixedAccounts[1].userId: ${rule}`);
    expect(message).toContain(`test.yaml:8 tenants[0].fixedAccounts[1].auditInfo: ${rule}`);
  });

  it('refuses two fixed accounts of a tenant that share a login, whatever its case', () => {
    const message = problemsOf(
      [
        'name: x',
        'tenants:',
        '  - id: 1',
        '    fixedAccounts:',
        '      - emailAddress: qa@example.com',
        '      - userName: QA@Example.com',
        '  - id: 2',
        '    fixedAccounts:',
        '      - emailAddress: qa@example.com',
      ].join('\n'),
    );
    expect(message).toContain('1 problem(s)');
    expect(message).toContain(
      'test.yaml:6 tenants[0].fixedAccounts[1].userName: "QA@Example.com" is also the emailAddress of fixedAccounts[0]; emailAddress and userName must be unique per tenant, case-insensitively',
    );
  });

  it('refuses a behavior the document does not declare, on the line that names it', () => {
    const message = problemsOf(
      [
        'name: x',
        'clients:',
        '  - clientId: a',
        '    clientSecret: s',
        '    behaviors: [customer-accounts:read]',
        '    withoutBehaviors:',
        '      - customer-acounts:create',
      ].join('\n'),
    );
    expect(message).toContain(
      'test.yaml:7 clients[0].withoutBehaviors[0]: "customer-acounts:create" is not a behavior the document declares; it declares ',
    );
  });

  it('refuses two clients with one clientId', () => {
    const message = problemsOf(
      [
        'name: x',
        'clients:',
        '  - clientId: a',
        '    clientSecret: s',
        '  - clientId: a',
        '    clientSecret: t',
      ].join('\n'),
    );
    expect(message).toContain('test.yaml:5 clients[1].clientId: duplicates clients[0].clientId');
  });

  it('reads JSON as well as YAML', () => {
    expect(problemsOf(JSON.stringify({ name: 'json-one', accounts: 3 }))).toBe('');
  });
});

describe('a scenario’s world', () => {
  it('puts fixed accounts first and completes them with generated fields', async () => {
    const { call } = await mockClient({
      scenario: loadScenarioFile(`${scenariosDir}large-catalog.yaml`, plan),
    });
    const page = (await call('GET', `${accountsPath}?pageSize=3`)).body as Collection;
    expect(page.totalCount).toBe(1_000_000);
    expect(page.items.map((a) => [a.id, a.emailAddress, a.isLocked])).toEqual([
      [1001, 'qa.first@example.com', false],
      [1002, 'qa.locked@example.com', true],
      [1003, 'qa.inactive@example.com', false],
    ]);
    const taken = await call('POST', bulkPath, {
      body: [accountItem(1, { emailAddress: 'QA.Locked@example.com' })],
    });
    expect(taken.status).toBe(409);
  });

  it('pages a million accounts at any depth but refuses a filter over x-scan-limit', async () => {
    const { call } = await mockClient({ accounts: 1_000_000 });
    const deep = await call('GET', `${accountsPath}?startIndex=999990&pageSize=20`);
    expect((deep.body as Collection).items.map((a) => a.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => 1_000_991 + i),
    );
    const filtered = await call('GET', `${accountsPath}?filter=${encodeURIComponent("lastName eq 'Lee'")}`);
    expect(filtered.status).toBe(400);
    expect((filtered.body as ErrorBody).message).toContain('would look at all 1000000 accounts');
  });

  it('gives a scenario’s clients every planned tenant and the scenario’s token lifetime', async () => {
    const mock = await createMock({
      now: fixedNow,
      scenario: loadScenarioFile(`${scenariosDir}auth-failures.yaml`, plan),
    });
    const readonly = await mock.tokens.issue('mock.readonly.1.0.0.Release');
    const answer = await mock.app.request(bulkPath, {
      method: 'POST',
      headers: { authorization: `Bearer ${readonly}`, 'content-type': 'application/json' },
      body: JSON.stringify([accountItem(1)]),
    });
    expect(answer.status).toBe(403);
    expect(mock.world().config.accessTokenTtlSeconds).toBe(120);
    expect(await mock.world().counts()).toEqual([
      { tenantId: 100000, accounts: 250 },
      { tenantId: 200000, accounts: 25 },
    ]);
  });
});

describe('fault rules', () => {
  const scenario = (faults: string) =>
    parseScenario(`name: faulty\nseed: 3\nfaults:\n${faults}`, 'faults.yaml', plan);

  it('answers the document’s 429 example on every Nth call, with Retry-After', async () => {
    const { call } = await mockClient({
      scenario: scenario('  - operation: getAccounts\n    status: 429\n    everyNth: 3\n'),
    });
    const statuses = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const answer = await call('GET', accountsPath);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
    expect(retryAfter).toBe('30');
  });

  it('fires only after the given number of calls', async () => {
    const { call } = await mockClient({
      scenario: scenario('  - operation: getAccount\n    status: 500\n    afterCalls: 2\n'),
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', `${accountsPath}/1001`)).status);
    expect(statuses).toEqual([200, 200, 500, 500]);
  });

  it('repeats the same probabilistic faults for the same seed', async () => {
    const rules = '  - operation: "*"\n    status: 500\n    probability: 0.5\n';
    const run = async () => {
      const { call } = await mockClient({ scenario: scenario(rules) });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await call('GET', accountsPath)).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('delays a call by the rule’s latency and then answers normally', async () => {
    const { call } = await mockClient({
      scenario: scenario('  - operation: getAccount\n    latencyMs: 120\n'),
    });
    const started = performance.now();
    const answer = await call('GET', `${accountsPath}/1001`);
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
