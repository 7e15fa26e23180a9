import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type Mock } from '../../mock/app.ts';
import { loadDocument } from '../../openapi/load-document.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { bulkLimits } from '../../seed/bulk-limits.ts';
import type { SeedState } from '../../seed/checkpoint.ts';
import { createDataset } from '../../dataset/create-dataset.ts';
import { seedMain } from '../../seed/seed-main.ts';
import { serveFetch } from '../contracts/support/serve-fetch.ts';
import { accountsPath, bulkPath, fullClient } from '../support/mock-client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The project's Node 24 runs the .ts entry; vitest itself may run on an older one.
const localNode = join(root, 'node_modules/.bin/node');
const node = existsSync(localNode) ? localNode : process.execPath;
const folder = mkdtempSync(join(tmpdir(), 'seed-cli-'));
const clientSecret = 'mock-secret';
const tokenPath = `/api${(await loadDocument()).operation('oauthAuthenticateApp').path}`;

const closers: (() => Promise<void>)[] = [];
let mock: Mock;
/** The mock behind a switch that slows Bulk down, so a run can be interrupted mid-way. */
let url: string;
let slowBulkMs = 0;

beforeAll(async () => {
  mock = await createMock({ accounts: 0 });
  const app = new Hono();
  app.post(bulkPath, async (c) => {
    if (slowBulkMs > 0) await new Promise((resolve) => setTimeout(resolve, slowBulkMs));
    return mock.app.fetch(c.req.raw);
  });
  app.all('*', (c) => mock.app.fetch(c.req.raw));
  const served = await serveFetch(async (request) => app.fetch(request));
  url = served.url;
  closers.push(() => served.close());
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  rmSync(folder, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

const target = (base: string) => ['--base-url', `${base}/api`, '--auth-url', base];
const credentials = ['--client-id', fullClient, '--client-secret', clientSecret];
const statePath = (name: string) => ['--state', join(folder, `${name}.json`)];

async function emailsOnTheMock(): Promise<string[]> {
  const headers = { authorization: `Bearer ${await mock.tokens.issue(fullClient)}` };
  const emails: string[] = [];
  for (let total = 1; emails.length < total;) {
    const response = await fetch(`${url}${accountsPath}?pageSize=200&startIndex=${emails.length}`, {
      headers,
    });
    const page = (await response.json()) as { totalCount: number; items: { emailAddress: string }[] };
    total = page.totalCount;
    if (page.items.length === 0) break;
    emails.push(...page.items.map((item) => item.emailAddress));
  }
  return emails;
}

describe('npm run seed (seed/cli.ts)', () => {
  it('prints its usage with --help and exits 0', async () => {
    const run = capture();
    expect(await seedMain(['--help'], {}, run.io)).toBe(0);
    expect(run.stdout()).toContain('Usage: npm run seed --');
    expect(run.stdout()).toContain('--batch-size');
  });

  it.each([
    [['--count', '10'], /--base-url \(or KIBO_BASE_URL\) is required/],
    [['--base-url', 'http://127.0.0.1:9/api', ...credentials], /--count is required/],
    [
      ['--base-url', 'http://127.0.0.1:9/api', ...credentials, '--count', 'ten'],
      /--count must be a whole number/,
    ],
    [
      ['--base-url', 'http://127.0.0.1:9/api', ...credentials, '--count', '9', '--concurrency', '0'],
      /--concurrency/,
    ],
    [['--base-url', 'http://127.0.0.1:9/api', ...credentials, '--count', '9', '--bogus'], /--bogus/],
    [['--count', '9', '--out', 'accounts.csv'], /--out must end in \.ndjson, \.jsonl or \.json/],
    [['--base-url', 'http://127.0.0.1:9/v1', ...credentials, '--count', '9'], /ending in \/api/],
    [['--base-url', 'http://127.0.0.1:9/api', '--count', '9'], /--client-id and --client-secret/],
    [
      ['--base-url', 'http://me:pw@127.0.0.1:9/api', ...credentials, '--count', '9'],
      /must not carry credentials/,
    ],
    [['--client-id', fullClient, '--count', '9', '--out', 'a.json'], /--client-id needs --base-url/],
    [['--count', '9', '--out', 'a.json', '--now', 'yesterday'], /--now must be an ISO 8601/],
  ])('exits 2 with a message for %j', async (argv, message) => {
    const run = capture();
    expect(await seedMain(argv, {}, run.io)).toBe(2);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).toContain('--help');
    expect(run.stdout()).toBe('');
  });

  it('refuses a batch size above the document’s maxItems, naming the limit', async () => {
    const { maxItems } = bulkLimits(await loadPlan());
    const run = capture();
    const argv = [...target(url), ...credentials, '--count', '5', '--batch-size', String(maxItems + 1)];
    expect(await seedMain(argv, {}, run.io)).toBe(2);
    expect(run.stderr()).toContain(`between 1 and ${maxItems}`);
  });

  it('takes the target from KIBO_* variables, prints the summary and exits 0', async () => {
    const run = capture();
    const env = {
      KIBO_BASE_URL: `${url}/api`,
      KIBO_AUTH_URL: url,
      KIBO_CLIENT_ID: fullClient,
      KIBO_CLIENT_SECRET: clientSecret,
    };
    expect(await seedMain(['--count', '120', '--seed', '301', ...statePath('env')], env, run.io)).toBe(0);
    expect(run.stdout()).toMatch(/created\s+120\n/);
    expect(run.stdout()).toMatch(/already there\s+0\n/);
    expect(run.stdout()).toMatch(/failed\s+0\n/);
    expect(run.stdout()).toMatch(/rate\s+[\d,]+ accounts\/s/);
    expect(run.stderr()).toMatch(/seeding .*100%/);
  });

  it('only writes the file when no target is given', async () => {
    const path = join(folder, 'only.ndjson');
    const run = capture();
    expect(await seedMain(['--count', '50', '--seed', '304', '--out', path], {}, run.io)).toBe(0);
    expect(run.stdout()).toMatch(/Generated 50 accounts\n\s+written\s+50\n/);
    expect(run.stdout()).toContain(`file           ${path}`);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(50);
  });

  it('exits 1 and lists the failed batches when the target refuses some', async () => {
    const app = new Hono();
    app.post(tokenPath, (c) =>
      c.json({ access_token: 'opaque-token', token_type: 'Bearer', expires_in: 3600 }),
    );
    app.post(bulkPath, (c) =>
      c.json({ message: 'Missing or invalid parameter', errorCode: 'MISSING_OR_INVALID_PARAMETER' }, 400),
    );
    const refusing = await serveFetch(async (request) => app.fetch(request));
    closers.push(() => refusing.close());
    const run = capture();
    const argv = [
      ...target(refusing.url),
      ...credentials,
      '--count',
      '30',
      '--batch-size',
      '10',
      ...statePath('refused'),
    ];
    expect(await seedMain(argv, {}, run.io)).toBe(1);
    expect(run.stdout()).toMatch(/failed\s+30\n/);
    expect(run.stdout()).toContain(
      'accounts 0–9: POST /commerce/customer/accounts/Bulk → 400: MISSING_OR_INVALID_PARAMETER',
    );
    expect(run.stdout()).toContain('accounts 20–29');
  });

  it('never prints the client secret, a token or a password, even when the target echoes them', async () => {
    const secret = 'shh-very-secret-value';
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWVkIn0.c2lnbmF0dXJlLXZhbHVl';
    const app = new Hono();
    let tokenCalls = 0;
    app.post(tokenPath, async (c) => {
      const body = await c.req.json<{ client_secret: string }>();
      // The first call refuses, quoting the secret; the next hands out a token.
      if (++tokenCalls === 1)
        return c.json({ message: `bad secret ${body.client_secret}`, errorCode: 'UNAUTHORIZED' }, 503);
      return c.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
    });
    app.post(bulkPath, async (c) => {
      const items = await c.req.json<{ password: string }[]>();
      const message = `refused ${c.req.header('authorization')} with password ${items[0]?.password}`;
      return c.json(
        { message, errorCode: 'MISSING_OR_INVALID_PARAMETER', items: [{ errorCode: 'X', message }] },
        400,
      );
    });
    const echoing = await serveFetch(async (request) => app.fetch(request));
    closers.push(() => echoing.close());
    const run = capture();
    const argv = [
      ...target(echoing.url),
      '--client-id',
      fullClient,
      '--count',
      '20',
      '--seed',
      '7',
      ...statePath('echo'),
    ];
    const code = await seedMain(argv, { KIBO_CLIENT_SECRET: secret }, run.io);
    const printed = run.stdout() + run.stderr();
    expect(code).toBe(1);
    expect(printed).toContain('[redacted]');
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain(token);
    expect(printed).not.toContain('eyJ');
    const dataset = createDataset({ seed: 7, size: 20, now: Date.now() });
    for (let i = 0; i < 20; i++) expect(printed).not.toContain(dataset.password(i));
  });

  it('runs as a process: progress lines on stderr, the summary on stdout, exit 0', async () => {
    const child = spawn(
      node,
      [
        'seed/cli.ts',
        ...target(url),
        ...credentials,
        '--count',
        '200',
        '--batch-size',
        '20',
        '--seed',
        '302',
        ...statePath('process'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/created\s+200\n/);
    expect(
      stderr
        .trimEnd()
        .split('\n')
        .filter((line) => line.startsWith('seeding [')),
    ).toHaveLength(11);
  });

  it('stops on SIGINT after the batches in flight, and the next run completes without duplicates', async () => {
    slowBulkMs = 150;
    const state = join(folder, 'interrupted.json');
    const argv = [
      ...target(url),
      ...credentials,
      '--count',
      '600',
      '--seed',
      '303',
      '--batch-size',
      '20',
      '--concurrency',
      '1',
      '--state',
      state,
    ];
    const child = spawn(node, ['seed/cli.ts', ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!child.killed && /seeding \[.*10%/.test(stderr)) child.kill('SIGINT');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    slowBulkMs = 0;
    expect(code, stderr).toBe(130);
    expect(stdout).toContain('Interrupted');
    const saved = JSON.parse(readFileSync(state, 'utf8')) as SeedState;
    const savedCount = saved.done.reduce((sum, [start, end]) => sum + end - start, 0);
    expect(savedCount).toBeGreaterThan(0);
    expect(savedCount).toBeLessThan(600);

    const before = (await emailsOnTheMock()).length;
    const run = capture();
    expect(await seedMain(argv, {}, run.io)).toBe(0);
    expect(run.stdout()).toMatch(
      new RegExp(`already there\\s+${savedCount} \\(${savedCount} per the state file\\)`),
    );
    const emails = await emailsOnTheMock();
    expect(emails.length - before).toBe(600 - savedCount);
    expect(new Set(emails).size).toBe(emails.length);
  });
});
