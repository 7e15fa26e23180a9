import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { fixedClock, systemClock } from '../../mock/world/clock.ts';
import { defaultConfig } from '../../mock/auth/config.ts';
import type { MockConfig } from '../../mock/auth/config.ts';
import { runTokenCli } from '../../mock/cli/token-cli.ts';
import { createTokenService } from '../../mock/auth/token-service.ts';
import type { TokenClaims } from '../../mock/auth/token-service.ts';
import { repoRoot } from '../openapi/helpers.ts';

const behaviors = (await loadPlan()).behaviors;
const now = '2026-01-01T00:00:00Z';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTokenCli(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** Runs the CLI with a fixed time and returns what the mock (same config and time) reads from the token. */
async function claimsOf(args: string[], config: MockConfig = defaultConfig): Promise<TokenClaims> {
  const { code, stdout, stderr } = await run('--now', now, ...args);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const check = await createTokenService(config, behaviors, fixedClock(now)).verify(
    `Bearer ${stdout.trim()}`,
  );
  if (!check.ok) throw new Error(check.description);
  return check.claims;
}

test('prints only a token of the first configured client, which the mock accepts', async () => {
  const { code, stdout, stderr } = await run();
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const check = await createTokenService(defaultConfig, behaviors, systemClock).verify(
    `Bearer ${stdout.trim()}`,
  );
  expect(check.ok && check.claims.clientId).toBe(defaultConfig.clients[0]?.clientId);
});

test('--client picks the client, with its configured behaviors', async () => {
  const limited = defaultConfig.clients[1]!;
  const claims = await claimsOf(['--client', limited.clientId]);
  expect(claims.clientId).toBe(limited.clientId);
  expect(claims.behaviors.size).toBe(behaviors.length - 1);
});

test('--behaviors sets exactly the listed behaviors, and an empty list gives none', async () => {
  const [first, second] = behaviors;
  expect([...(await claimsOf(['--behaviors', `${second},${first}`])).behaviors]).toEqual([first, second]);
  expect((await claimsOf(['--behaviors', ''])).behaviors.size).toBe(0);
});

test('--without carries every declared behavior but those listed, and refuses an unknown one', async () => {
  const [first, second] = behaviors;
  const claims = await claimsOf(['--without', `${first},${second}`]);
  expect([...claims.behaviors]).toEqual(behaviors.filter((b) => b !== first && b !== second));
  const typo = await run('--without', 'customer-accounts:list');
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('--without: customer-accounts:list not declared');
  expect((await run('--without', String(first), '--behaviors', String(second))).stderr).toContain(
    '--behaviors and --without exclude each other',
  );
});

test('--tenant replaces the tenants and may be repeated', async () => {
  expect((await claimsOf(['--tenant', '200000'])).tenants).toEqual([200000]);
  expect((await claimsOf(['--tenant', '1', '--tenant', '2'])).tenants).toEqual([1, 2]);
});

test('--expired prints a token the mock rejects as expired', async () => {
  const { stdout } = await run('--now', now, '--expired');
  const check = await createTokenService(defaultConfig, behaviors, fixedClock(now)).verify(
    `Bearer ${stdout.trim()}`,
  );
  expect(check).toMatchObject({ ok: false, error: 'invalid_token', description: /expired/ });
});

test('--now makes the token byte-identical run to run', async () => {
  expect((await run('--now', now)).stdout).toBe((await run('--now', now)).stdout);
});

test('--config signs for the clients and key of that file', async () => {
  const config = {
    ...defaultConfig,
    signingKey: 'a-file-signing-key-that-is-long-enough',
    clients: [
      { clientId: 'acme.shop.1.0.0.Release', clientSecret: 's', tenants: [7], behaviors: 'all' as const },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'token-cli-')), 'mock.json');
  writeFileSync(path, JSON.stringify(config));
  const claims = await claimsOf(['--config', path], config);
  expect([claims.clientId, claims.tenants]).toEqual(['acme.shop.1.0.0.Release', [7]]);
});

test('an unknown client exits 2 and lists the configured client ids', async () => {
  const { code, stdout, stderr } = await run('--client', 'nobody');
  expect(code).toBe(2);
  expect(stdout).toBe('');
  const ids = defaultConfig.clients.map((c) => c.clientId).join(', ');
  expect(stderr).toContain(`unknown client nobody; configured clients: ${ids}`);
  expect(stderr).toContain('usage: npm run -s token --');
});

test.each([
  ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
  ['a positional argument', ['extra'], /Unexpected argument 'extra'/],
  [
    'a tenant that is not a positive integer',
    ['--tenant', '12x'],
    /--tenant must be a positive integer \(got 12x\)/,
  ],
  ['a behavior the document does not declare', ['--behaviors', 'everything'], /everything is not a behavior/],
  ['a time that is not ISO 8601', ['--now', 'tomorrow'], /--now must be an ISO 8601 time/],
  ['a missing config file', ['--config', '/nonexistent/mock.json'], /\/nonexistent\/mock\.json: cannot read/],
])('%s exits 2 with the reason and the usage line on stderr', async (_case, args, reason) => {
  const { code, stdout, stderr } = await run(...args);
  expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  expect(stderr).toMatch(reason);
  expect(stderr).toMatch(/\nusage: npm run -s token -- .*\n$/);
});

test('--help prints the usage on stdout and exits 0', async () => {
  const { code, stdout, stderr } = await run('--help');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toMatch(/^usage: npm run -s token -- /);
  expect(stdout).toContain('--expired');
});

test('runs as a script: only the token on stdout, exit code 0', async () => {
  const { stdout, stderr } = await promisify(execFile)(
    'node_modules/.bin/node',
    ['mock/cli/token-cli.ts', '--now', now, '--tenant', '42'],
    { cwd: repoRoot },
  );
  expect(stderr).toBe('');
  expect(stdout).toBe((await run('--now', now, '--tenant', '42')).stdout);
});
