import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenImplementations } from './support/broken-implementations.ts';
import { runContractsCli } from './support/contracts-cli.ts';
import {
  clientSecret,
  fullClient,
  otherTenantClient,
  startMockTarget,
  type RunningTarget,
} from './support/mock-target.ts';

const echoesPassword = brokenImplementations.find((broken) => broken.name === 'echoes the password');
const demandsBehavior = brokenImplementations.find(
  (broken) => broken.name === 'demands a behavior the document does not name',
);
let running: RunningTarget;
let differing: RunningTarget;
let correct: RunningTarget;
let dir: string;

beforeAll(async () => {
  if (!echoesPassword) throw new Error('the gallery has no "echoes the password"');
  running = await startMockTarget(echoesPassword.wrap);
  if (!demandsBehavior) throw new Error('the gallery has no "demands a behavior the document does not name"');
  differing = await startMockTarget(demandsBehavior.wrap);
  correct = await startMockTarget();
  dir = mkdtempSync(join(tmpdir(), 'contracts-cli-'));
});

afterAll(async () => {
  await running?.close();
  await differing?.close();
  await correct?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each test starts Node in a child process: a second each, more on a busy CI box.
describe('npm run contracts', { timeout: 120_000 }, () => {
  it('exits 1 against a broken implementation, naming the check, with JUnit and no secret', async () => {
    const junit = join(dir, 'junit.xml');
    const json = join(dir, 'result.json');
    const { target } = running;
    const { code, output } = await runContractsCli(
      [
        '--base-url',
        target.baseUrl,
        '--auth-url',
        target.authUrl ?? '',
        '--client-id',
        fullClient,
        '--junit',
        junit,
        '--json',
        json,
      ],
      { KIBO_CLIENT_SECRET: clientSecret },
    );
    expect(code, output).toBe(1);
    expect(output).toContain('FAIL bulk.write-only-hidden');
    expect(output).toContain('/items/0/password is write-only (x-write-only) but came back');
    expect(output).toMatch(/contracts: \d+ passed, [1-9]\d* failed, \d+ skipped/);
    expect(output).not.toContain(clientSecret);
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites');
    expect(xml).toMatch(/<testcase [^>]*name="bulk\.write-only-hidden[^"]*"[^>]*>\s*<failure/);
    expect(xml).not.toContain(clientSecret);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { summary: { failed: number } };
    expect(result.summary.failed).toBeGreaterThan(0);
  });

  it('exits 0 when nothing fails, with settings from the environment', async () => {
    const { target } = correct;
    const { code, output } = await runContractsCli(['--only', 'auth'], {
      KIBO_BASE_URL: target.baseUrl,
      KIBO_AUTH_URL: target.authUrl ?? '',
      KIBO_CLIENT_ID: fullClient,
      KIBO_CLIENT_SECRET: clientSecret,
      KIBO_OTHER_TENANT_CLIENT_ID: otherTenantClient,
      KIBO_OTHER_TENANT_CLIENT_SECRET: clientSecret,
      KIBO_TOKENS_WITHOUT: Object.entries(target.withoutBehavior ?? {})
        .map(([behavior, credentials]) => `${behavior}=${'token' in credentials ? credentials.token : ''}`)
        .join(' '),
    });
    expect(code, output).toBe(0);
    // The expired token and the limited client were not given; the behaviors and tenants were.
    expect(output).toMatch(/contracts: \d+ passed, 0 failed, 4 skipped/);
    expect(output).toMatch(/PASS auth\.without-customer-accounts-delete/);
    expect(output).toMatch(/PASS auth\.other-tenant/);
    // A progress line per group, with its counts and time.
    expect(output).toMatch(/^contracts: auth: \d+ passed, 0 failed, 4 skipped \(\d+\.\d s\)$/m);
  });

  it('exits 1 below --min-coverage, saying the figure, with coverage in the report, JSON and JUnit', async () => {
    const junit = join(dir, 'coverage.xml');
    const json = join(dir, 'coverage.json');
    const { target } = correct;
    const { code, output } = await runContractsCli(
      ['--only', 'auth', '--min-coverage', '99', '--seed', '5', '--junit', junit, '--json', json],
      {
        KIBO_BASE_URL: target.baseUrl,
        KIBO_AUTH_URL: target.authUrl ?? '',
        KIBO_CLIENT_ID: fullClient,
        KIBO_CLIENT_SECRET: clientSecret,
      },
    );
    expect(code, output).toBe(1);
    expect(output).toMatch(/FAIL conformance\.min-coverage/);
    expect(output).toMatch(
      /the run saw [\d.]+ % of the declared \(operation, status\) pairs answered \(\d+ of \d+\), below --min-coverage 99/,
    );
    expect(output).toMatch(/Coverage: [\d.]+ % of the declared \(operation, status\) pairs seen answered/);
    expect(output).toContain('Generated cases: seed 5');
    const result = JSON.parse(readFileSync(json, 'utf8')) as { coverage?: { total?: { declared?: number } } };
    expect(result.coverage?.total?.declared).toBeGreaterThan(0);
    expect(readFileSync(junit, 'utf8')).toMatch(
      /<property name="coverage\.statuses" value="[\d.]+% \(\d+\/\d+\)"\/>/,
    );
  });

  it('exits 0 when only the kit’s assumptions differ, reporting them apart, skipped with their reason', async () => {
    const junit = join(dir, 'differs.xml');
    const json = join(dir, 'differs.json');
    const { target } = differing;
    const env = {
      KIBO_BASE_URL: target.baseUrl,
      KIBO_AUTH_URL: target.authUrl ?? '',
      KIBO_CLIENT_ID: fullClient,
      KIBO_CLIENT_SECRET: clientSecret,
      KIBO_LIMITED_CLIENT_ID: target.limitedClientId ?? '',
      KIBO_LIMITED_CLIENT_SECRET: clientSecret,
    };
    const { code, output } = await runContractsCli(['--only', 'auth', '--junit', junit, '--json', json], env);
    expect(code, output).toBe(0);
    expect(output).toContain('Assumptions the target does not share');
    expect(output).toContain('DIFF auth.required-behaviors');
    expect(output).toContain('[assumption behavior-names]');
    expect(output).toMatch(
      /Calibration: the kit’s assumptions against this target[\s\S]*contradicted +behavior-names/,
    );
    expect(output).toMatch(/contracts: \d+ passed, 0 failed, \d+ skipped, 1 assumption not shared/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(
      /<testcase [^>]*name="auth\.required-behaviors[^"]*"[^>]*>\s*<skipped message="the target does not share this assumption: [^"]*behavior-names/,
    );
    expect(xml).toContain('<property name="assumption.behavior-names" value="contradicted;');
    const result = JSON.parse(readFileSync(json, 'utf8')) as {
      summary: { failed: number; differs: number };
      calibration: { id: string; verdict: string; evidence: string[] }[];
    };
    expect(result.summary).toMatchObject({ failed: 0, differs: 1 });
    expect(result.calibration.find((a) => a.id === 'behavior-names')).toMatchObject({
      verdict: 'contradicted',
    });

    const strict = await runContractsCli(['--only', 'auth', '--strict'], env);
    expect(strict.code, strict.output).toBe(1);
    expect(strict.output).toContain('FAIL auth.required-behaviors');
    expect(strict.output).toContain('[assumption behavior-names]');
  });

  it('exits 2 on a usage error, saying what is wrong', async () => {
    const missing = await runContractsCli([]);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('--base-url (or KIBO_BASE_URL) is required');
    const group = await runContractsCli([
      '--base-url',
      'http://127.0.0.1:1/api',
      '--token',
      't',
      '--only',
      'everything',
    ]);
    expect(group.code).toBe(2);
    expect(group.output).toContain('unknown group everything');
  });

  it('prints its options with --help', async () => {
    const { code, output } = await runContractsCli(['--help']);
    expect(code).toBe(0);
    expect(output).toContain('--limited-client-secret');
    expect(output).toContain('KIBO_CLIENT_SECRET');
  });
});
