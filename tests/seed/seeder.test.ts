import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../client/target.ts';
import { createMock, type Mock } from '../../mock/app.ts';
import { createDataset } from '../../dataset/create-dataset.ts';
import { startServer } from '../../mock/node/server.ts';
import { loadDocument } from '../../openapi/load-document.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { accountInputOf, type AccountAndAuthInfo } from '../../seed/account-input.ts';
import { seedTarget, type SeedOptions } from '../../seed/seeder.ts';
import { serveFetch } from '../contracts/support/serve-fetch.ts';
import { accountsPath, bulkPath, fixedNow, fullClient } from '../support/mock-client.ts';

const folder = mkdtempSync(join(tmpdir(), 'seed-test-'));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  rmSync(folder, { recursive: true, force: true });
});

const now = Date.parse(fixedNow);
const clientSecret = 'mock-secret';
const accountInput = accountInputOf((await loadPlan()).operation('addAccounts'));
const tokenPath = `/api${(await loadDocument()).operation('oauthAuthenticateApp').path}`;

/** Answers a Bulk call instead of the mock (or after it, through `forward`); undefined lets the mock answer. */
type Fault = (
  call: number,
  forward: () => Promise<Response>,
) => Promise<Response | undefined> | Response | undefined;

interface TestTarget {
  readonly url: string;
  readonly mock: Mock;
  /** Every Bulk body received, in order, and when. */
  readonly bulkBodies: AccountAndAuthInfo[][];
  readonly bulkTimes: number[];
  tokenCalls: number;
}

/** Our mock, without generated accounts, behind a small Hono app that can inject answers. */
async function startTarget(fault?: Fault): Promise<TestTarget> {
  const mock = await createMock({ accounts: 0 });
  const app = new Hono();
  let url = '';
  const target: TestTarget = {
    get url() {
      return url;
    },
    mock,
    bulkBodies: [],
    bulkTimes: [],
    tokenCalls: 0,
  };
  app.post(bulkPath, async (c) => {
    const request = c.req.raw;
    target.bulkBodies.push((await request.clone().json()) as AccountAndAuthInfo[]);
    target.bulkTimes.push(Date.now());
    const injected = await fault?.(target.bulkBodies.length, async () => mock.app.fetch(request));
    return injected ?? mock.app.fetch(request);
  });
  app.post(tokenPath, (c) => {
    target.tokenCalls += 1;
    return mock.app.fetch(c.req.raw);
  });
  app.all('*', (c) => mock.app.fetch(c.req.raw));
  const served = await serveFetch(async (request) => app.fetch(request));
  url = served.url;
  closers.push(() => served.close());
  return target;
}

/** Kibo's error body, as a target would send it. */
function kiboError(status: number, errorCode: string, message: string, headers: Record<string, string> = {}) {
  const items =
    status === 400 ? [{ errorCode, message: '[2].account.emailAddress must match format "email"' }] : [];
  return Response.json({ message, errorCode, applicationName: 'Customer', items }, { status, headers });
}

let stateFiles = 0;
function seedOptions(url: string, overrides: Partial<SeedOptions> = {}): SeedOptions {
  return {
    seed: 4242,
    count: 300,
    batchSize: 50,
    concurrency: 2,
    now,
    target: { baseUrl: `${url}/api`, authUrl: url, clientId: fullClient, clientSecret },
    statePath: join(folder, `state-${++stateFiles}.json`),
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    ...overrides,
  };
}

/** Every account the target lists, read page by page. */
async function listAccounts(url: string, mock: Mock) {
  const headers = { authorization: `Bearer ${await mock.tokens.issue(fullClient)}` };
  const emails: string[] = [];
  let totalCount = Infinity;
  while (emails.length < totalCount) {
    const response = await fetch(`${url}${accountsPath}?pageSize=200&startIndex=${emails.length}`, {
      headers,
    });
    const page = (await response.json()) as { totalCount: number; items: { emailAddress: string }[] };
    totalCount = page.totalCount;
    if (page.items.length === 0) break;
    emails.push(...page.items.map((item) => item.emailAddress));
  }
  return { totalCount, emails };
}

function expectedEmails(seed: number, count: number): string[] {
  const dataset = createDataset({ seed, size: count, now });
  return Array.from({ length: count }, (_, i) => dataset.account(i).emailAddress ?? '');
}

describe('seeding our own mock', () => {
  it('creates every account once, and the target then lists exactly those', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', accounts: 0 });
    closers.push(() => server.close());
    const result = await seedTarget(seedOptions(server.url, { seed: 101 }));
    expect(result).toMatchObject({
      total: 300,
      created: 300,
      alreadyThere: 0,
      fromCheckpoint: 0,
      failed: 0,
      notSent: 0,
      failures: [],
      interrupted: false,
    });
    const listed = await listAccounts(server.url, server.mock);
    expect(listed.totalCount).toBe(300);
    expect(listed.emails.sort()).toEqual(expectedEmails(101, 300).sort());
  });

  it('creates nothing on a rerun: the state file lists every batch, so nothing is even sent', async () => {
    const target = await startTarget();
    const options = seedOptions(target.url, { seed: 102 });
    await seedTarget(options);
    const calls = target.bulkBodies.length;
    const rerun = await seedTarget(options);
    expect(rerun).toMatchObject({ created: 0, fromCheckpoint: 300, alreadyThere: 0, failed: 0 });
    expect(target.bulkBodies).toHaveLength(calls);
    expect((await listAccounts(target.url, target.mock)).totalCount).toBe(300);
  });

  it('creates only the new accounts when a rerun asks for more', async () => {
    const target = await startTarget();
    const options = seedOptions(target.url, { seed: 103, count: 120 });
    await seedTarget(options);
    const grown = await seedTarget({ ...options, count: 300 });
    expect(grown).toMatchObject({ created: 180, fromCheckpoint: 120, alreadyThere: 0, failed: 0 });
    const listed = await listAccounts(target.url, target.mock);
    expect(listed.emails.sort()).toEqual(expectedEmails(103, 300).sort());
  });

  it('counts what the target already has as already there when the state file is gone', async () => {
    const target = await startTarget();
    await seedTarget(seedOptions(target.url, { seed: 104, count: 75 }));
    // Another state file: only the 409s can tell the seeder which accounts exist. Batch 50–99 is
    // half there, so its conflicting items must be left out and the rest sent again.
    const rerun = await seedTarget(seedOptions(target.url, { seed: 104 }));
    expect(rerun).toMatchObject({ created: 225, alreadyThere: 75, fromCheckpoint: 0, failed: 0 });
    const listed = await listAccounts(target.url, target.mock);
    expect(listed.totalCount).toBe(300);
    expect(new Set(listed.emails).size).toBe(300);
  });

  it('resumes an interrupted run: the rerun ends with exactly N accounts, none twice', async () => {
    let broken = true;
    let served = 0;
    const target = await startTarget(async (_call, forward) => {
      if (!broken) return undefined;
      served += 1;
      if (served <= 3) return undefined;
      // The fourth batch gets in, but its answer is lost; after that the target is down.
      if (served === 4) await forward();
      return kiboError(503, 'UNEXPECTED_ERROR', 'Service unavailable');
    });
    const options = seedOptions(target.url, {
      seed: 105,
      retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 2 },
    });
    const first = await seedTarget(options);
    expect(first).toMatchObject({ created: 150, failed: 150, alreadyThere: 0 });
    expect(first.failures[0]?.message).toContain('503');

    broken = false;
    const out = join(folder, 'resumed.ndjson');
    const second = await seedTarget({ ...options, out: { path: out, format: 'ndjson' } });
    expect(second).toMatchObject({ fromCheckpoint: 150, alreadyThere: 50, created: 100, failed: 0 });
    const listed = await listAccounts(target.url, target.mock);
    expect(listed.totalCount).toBe(300);
    expect(listed.emails.sort()).toEqual(expectedEmails(105, 300).sort());
    // The file holds the whole dataset, not only what this run sent.
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(300);
  });

  it('refuses a state file written for another seed', async () => {
    const target = await startTarget();
    const options = seedOptions(target.url, { seed: 106, count: 50 });
    await seedTarget(options);
    await expect(seedTarget({ ...options, seed: 107 })).rejects.toThrow(/belongs to seed 106/);
  });
});

describe('retries', () => {
  it('waits as long as a 429’s Retry-After asks, then sends the batch again', async () => {
    const target = await startTarget((call) =>
      call === 1
        ? kiboError(429, 'TOO_MANY_REQUESTS', 'Too many requests: retry after 1 seconds', {
            'Retry-After': '1',
          })
        : undefined,
    );
    const result = await seedTarget(seedOptions(target.url, { seed: 111, count: 100, concurrency: 1 }));
    expect(result).toMatchObject({ created: 100, failed: 0 });
    const [refused = 0, retried = 0] = target.bulkTimes;
    expect(retried - refused).toBeGreaterThanOrEqual(1000);
    expect(target.bulkBodies[1]).toEqual(target.bulkBodies[0]);
  });

  it('retries 503 answers and network errors with backoff until the batch gets in', async () => {
    const target = await startTarget((call) =>
      call <= 2 ? kiboError(503, 'UNEXPECTED_ERROR', 'Service unavailable') : undefined,
    );
    let dropped = 0;
    const flaky: FetchLike = (request) =>
      request.url.endsWith('/Bulk?responseFields=totalCount') && dropped++ < 2
        ? Promise.reject(new TypeError('fetch failed'))
        : fetch(request);
    const options = seedOptions(target.url, { seed: 112, count: 100, concurrency: 1 });
    const result = await seedTarget({ ...options, target: { ...options.target!, fetch: flaky } });
    expect(result).toMatchObject({ created: 100, failed: 0 });
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect(target.bulkBodies.length).toBe(4);
  });

  it('gives a batch up after the last attempt, with the target’s own message', async () => {
    const target = await startTarget(() => kiboError(503, 'UNEXPECTED_ERROR', 'The database is on fire'));
    const result = await seedTarget(
      seedOptions(target.url, { seed: 113, count: 100, retry: { baseDelayMs: 1, maxAttempts: 3 } }),
    );
    expect(result).toMatchObject({ created: 0, failed: 100 });
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]?.message).toMatch(
      /→ 503: UNEXPECTED_ERROR The database is on fire.*3 attempts/,
    );
    expect(target.bulkBodies).toHaveLength(6);
  });

  it('reports a 400 with the target’s messages and goes on with the other batches', async () => {
    const target = await startTarget((call) =>
      call === 1 ? kiboError(400, 'MISSING_OR_INVALID_PARAMETER', 'Missing or invalid parameter') : undefined,
    );
    const result = await seedTarget(seedOptions(target.url, { seed: 114, count: 200, concurrency: 1 }));
    expect(result).toMatchObject({ created: 150, failed: 50 });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ start: 0, end: 50 });
    expect(result.failures[0]?.message).toContain(
      'MISSING_OR_INVALID_PARAMETER Missing or invalid parameter — [2].account.emailAddress must match',
    );
    // A 400 is not retried: the same body would be refused again.
    expect(target.bulkBodies).toHaveLength(4);
  });

  it('fetches a new token once when the target answers 401', async () => {
    const target = await startTarget((call) =>
      call === 1 ? kiboError(401, 'UNAUTHORIZED', 'expired') : undefined,
    );
    const result = await seedTarget(seedOptions(target.url, { seed: 115, count: 100, concurrency: 1 }));
    expect(result).toMatchObject({ created: 100, failed: 0 });
    expect(target.tokenCalls).toBe(2);
  });

  it('stops early when the target refuses the client, instead of failing every batch alike', async () => {
    const target = await startTarget(() => kiboError(403, 'FORBIDDEN', 'Token Not Authorized'));
    const result = await seedTarget(seedOptions(target.url, { seed: 116, count: 1000 }));
    expect(result.stopReason).toContain('FORBIDDEN Token Not Authorized');
    expect(result.created).toBe(0);
    expect(result.failed).toBeLessThanOrEqual(100);
    expect(result.notSent).toBe(1000 - result.failed);
    expect(target.bulkBodies.length).toBeLessThanOrEqual(2);
  });
});

describe('what is sent and written', () => {
  it('sends each account with the password derived from its seed and index', async () => {
    const target = await startTarget();
    await seedTarget(seedOptions(target.url, { seed: 121, count: 100, concurrency: 1 }));
    const dataset = createDataset({ seed: 121, size: 100, now });
    const sent = target.bulkBodies.flat();
    expect(sent).toHaveLength(100);
    sent.forEach((item, i) => {
      expect.soft(item).toEqual({ ...accountInput(dataset.account(i)), password: dataset.password(i) });
    });
  });

  it('writes the accounts as NDJSON in index order, with the passwords they sign in with', async () => {
    const target = await startTarget();
    const path = join(folder, 'accounts.ndjson');
    const result = await seedTarget(seedOptions(target.url, { seed: 122, out: { path, format: 'ndjson' } }));
    expect(result.outPath).toBe(path);
    const text = readFileSync(path, 'utf8');
    const dataset = createDataset({ seed: 122, size: 300, now });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(300);
    lines.forEach((line, i) =>
      expect
        .soft(JSON.parse(line))
        .toEqual({ ...accountInput(dataset.account(i)), password: dataset.password(i) }),
    );
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('writes a JSON array without any target, the same accounts for the same seed and clock', async () => {
    const path = join(folder, 'accounts.json');
    const result = await seedTarget({
      seed: 123,
      count: 250,
      batchSize: 100,
      concurrency: 2,
      now,
      out: { path, format: 'json' },
    });
    expect(result).toMatchObject({ total: 250, written: 250, created: 0, failed: 0, notSent: 0 });
    const written = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
    const dataset = createDataset({ seed: 123, size: 250, now });
    expect(written).toEqual(
      Array.from({ length: 250 }, (_, i) => ({
        ...accountInput(dataset.account(i)),
        password: dataset.password(i),
      })),
    );
  });

  it('seeds a tenant with the shoppers the mock shows for the same seed and tenant, who sign in alike', async () => {
    const mock = await createMock({ seed: 124, accounts: 30, now: fixedNow });
    const mockPage = (await (
      await mock.app.request(`${accountsPath}?pageSize=30`, {
        headers: { authorization: `Bearer ${await mock.tokens.issue(fullClient)}` },
      })
    ).json()) as { items: { emailAddress: string; firstName: string; lastName: string }[] };
    const target = await startTarget();
    await seedTarget(seedOptions(target.url, { seed: 124, count: 30, tenant: 100000, concurrency: 1 }));
    const sent = target.bulkBodies.flat();
    expect(sent.map((item) => item.account?.emailAddress)).toEqual(mockPage.items.map((a) => a.emailAddress));
    expect(sent.map((item) => item.account?.lastName)).toEqual(mockPage.items.map((a) => a.lastName));
    const passwords = mock.world().tenant(100000);
    sent.forEach((item, i) => expect.soft(item.password).toBe(passwords.generatedPassword(1001 + i)));
  });
});
