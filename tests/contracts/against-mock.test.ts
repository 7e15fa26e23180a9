import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../contracts/checks/all-checks.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { formatFieldPath } from '../../openapi/field-paths.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { uniqueKeysAt } from '../../openapi/operation-plan.ts';
import { startServer, type RunningServer } from '../../mock/node/server.ts';
import {
  clientSecret,
  fullClient,
  mintTokens,
  mockTargetSettings,
  suiteConfig,
  type MintedTokens,
} from './support/mock-target.ts';

// The mock is the reference implementation: the whole suite passes against it over real HTTP.
let server: RunningServer;
let minted: MintedTokens;

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', config: suiteConfig });
  minted = await mintTokens(server.mock);
});
afterAll(() => server.close());

describe('the contract suite against the mock', () => {
  it('passes every check with --strict, skips none and leaves nothing behind', async () => {
    // The tenant's id too, so getTenant's generated cases have a tenant to read (the mock's default).
    const target = { ...mockTargetSettings(server.url, minted), tenant: '100000' };
    const result = await runChecks(target, { strict: true });
    const notPassed = result.checks.filter((check) => check.status !== 'passed');
    expect(notPassed).toEqual([]);
    expect(result.leftovers).toEqual([]);
    expect(result.summary.passed).toBe(result.checks.length);
    // The mock makes every assumption: none is contradicted, each tested one confirmed.
    const verdicts = Object.fromEntries(result.calibration.map((a) => [a.id, a.verdict]));
    expect(Object.values(verdicts)).not.toContain('contradicted');
    for (const id of [
      'all-or-nothing',
      'duplicates',
      'batch-limit',
      'body-size',
      'unknown-fields',
      'email-required',
      'user-claims',
      'lockout',
      'shopper-tokens',
      'sign-in-refusal',
      'update-semantics',
      'reset-codes',
    ])
      expect(verdicts[id], id).toBe('confirmed');
  });

  it('derives its checks from the document', async () => {
    const plan = await loadPlan();
    const ids = allChecks(plan).map((check) => check.id);
    for (const { path } of plan.rulesOf('CustomerAccountAndAuthInfo').guarded)
      expect(ids).toContain(`auth.limited-sets-${formatFieldPath(path)}`);
    for (const key of uniqueKeysAt(plan.rulesOf('CustomerAccount'), [])) {
      expect(ids).toContain(`bad-input.duplicate-${key}-in-batch`);
      expect(ids).toContain(`bad-input.duplicate-${key}-existing`);
      expect(ids).toContain(`shoppers.update-duplicate-${key}`);
    }
    for (const field of plan.operation('changePassword').body?.schema.required ?? [])
      expect(ids).toContain(`shoppers.change-password-without-${field}`);
    for (const operation of plan.operations)
      for (const { name } of operation.parameters.query.filter((p) => p.required === true))
        expect(ids).toContain(`parameters.${operation.operationId}-without-${name}`);
    expect(ids).toContain('bad-input.above-maximum-authTicketTtlMinutes');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('skips, with the reason, what needs credentials it was not given', async () => {
    const result = await runChecks({
      baseUrl: `${server.url}/api`,
      authUrl: server.url,
      clientId: fullClient,
      clientSecret,
    });
    const skipped = result.checks.filter((check) => check.status === 'skipped');
    expect(skipped.map((check) => [check.id, check.skipReason])).toEqual([
      ['auth.expired-token', expect.stringContaining('--expired-token')],
      ['auth.required-behaviors', expect.stringContaining('--limited-client-id')],
      ...['create', 'delete', 'read', 'update'].map((verb): [string, unknown] => [
        `auth.without-customer-accounts-${verb}`,
        expect.stringContaining(`--token-without or --client-without customer-accounts:${verb}=`) as unknown,
      ]),
      ['auth.without-customer-auth-sign-in', expect.stringContaining('customer-auth:sign-in=')],
      ['auth.other-tenant', expect.stringContaining('--other-tenant-client-id')],
      ['auth.limited-sets-authTicketTtlMinutes', expect.stringContaining('--limited-client-id')],
      ['auth.limited-sets-refreshTokenTtlMinutes', expect.stringContaining('--limited-client-id')],
      ['shoppers.reset-password-with-code', expect.stringContaining('--outbox-url')],
      ['generated.updateForgottenPassword-accepts-valid', expect.stringContaining('--outbox-url')],
      ['generated.updateForgottenPassword-refuses-invalid', expect.stringContaining('--outbox-url')],
      ['generated.getTenant-accepts-valid', expect.stringContaining('--tenant')],
      ['generated.getTenant-refuses-invalid', expect.stringContaining('--tenant')],
    ]);
    expect(result.summary.failed).toBe(0);
  });

  it('runs only the groups asked for, plus cleanup and conformance', async () => {
    const result = await runChecks(mockTargetSettings(server.url, minted), { only: ['auth'] });
    expect(new Set(result.checks.map((check) => check.group))).toEqual(
      new Set(['auth', 'cleanup', 'conformance']),
    );
    expect(result.summary.failed).toBe(0);
  });

  it('fails every check, without crashing, when the target is down', async () => {
    const result = await runChecks(
      { baseUrl: 'http://127.0.0.1:9/api', clientId: fullClient, clientSecret },
      { only: ['bulk'] },
    );
    const bulk = result.checks.find((check) => check.id === 'bulk.creates-batch');
    expect(bulk?.status).toBe('failed');
    expect(bulk?.violations[0]?.message).toContain('no response');
  });
});
