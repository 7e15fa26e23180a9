import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { expectAllConform } from '../../support/conformance.ts';
import type { RecordedExchange } from '../../support/mock-client.ts';
import { fetchToken, startCli } from '../../support/spawned-mock.ts';
import {
  postgresBinaries,
  startPrivatePostgres,
  type PrivatePostgres,
} from '../../../bench/private-postgres.ts';

const bin = postgresBinaries();
const bulk = '/api/commerce/customer/accounts/Bulk';
const accounts = '/api/commerce/customer/accounts';
type Account = { id: number; emailAddress: string; lastName?: string };

let server: PrivatePostgres;
/** Every answer of a replica, checked against the document at the end (the 503s included). */
const exchanges: RecordedExchange[] = [];
beforeAll(async () => {
  if (bin) server = await startPrivatePostgres(bin);
}, 60_000);
afterAll(() => {
  server?.destroy();
  if (bin) expectAllConform(exchanges);
});

/** Two mocks of the CLI on port 0, both on the private PostgreSQL in `database` (made afresh). */
async function twoReplicas(database: string) {
  const url = await server.freshDatabase(database);
  // Started together: the migration runs once, under its advisory lock.
  const replicas = await Promise.all([startCli(['--store', url]), startCli(['--store', url])]);
  const tokens = await Promise.all(replicas.map((r) => fetchToken(r.url)));
  const call = async (replica: number, method: string, path: string, body?: unknown) => {
    const target = replicas[replica];
    if (!target) throw new Error(`no replica ${replica}`);
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[replica] ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    exchanges.push({ method, path, status: response.status, headers: response.headers, text });
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
  return { replicas, call, url };
}

const item = (email: string, lastName = 'Lee') => ({
  account: { emailAddress: email, firstName: 'Ann', lastName },
  password: 'Secret-Password-1',
});

/** Every account the tenant created (ids past the generated 250), as stored in the database. */
async function storedEmails(url: string): Promise<string[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ json: string }>('SELECT json FROM kibo_mock.accounts ORDER BY id');
    return rows.map((row) => (JSON.parse(row.json) as Account).emailAddress);
  } finally {
    await client.end();
  }
}

describe.skipIf(!bin)('replicas on one PostgreSQL (--store)', () => {
  it('keeps one account per email when 20 concurrent batches through two replicas collide', async () => {
    const { call, url } = await twoReplicas('collide');
    // Batch k holds emails k, k+1 and k+2 in another case each time: every email is wanted by
    // up to three batches on both replicas, so most batches must be refused whole.
    const variant = (n: number, k: number) =>
      k % 2 === 0 ? `Shopper${n}@Example.com` : `shopper${n}@EXAMPLE.COM`;
    const batches = Array.from({ length: 20 }, (_, k) => [k, k + 1, k + 2].map((n) => item(variant(n, k))));
    const answers = await Promise.all(batches.map((body, k) => call(k % 2, 'POST', bulk, body)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const created = answers.flatMap((a, k) => (a.status === 200 ? [k] : []));
    expect(created.length, JSON.stringify(answers.map((a) => a.body))).toBeGreaterThan(0);
    const emails = (await storedEmails(url)).map((e) => e.toLowerCase());
    // Exactly the accepted batches' accounts, each email once: no partial batch, no duplicate.
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.sort()).toEqual(
      created.flatMap((k) => [k, k + 1, k + 2].map((n) => `shopper${n}@example.com`)).sort(),
    );
    // And both replicas count them.
    for (const replica of [0, 1]) {
      const page = await call(replica, 'GET', `${accounts}?pageSize=1`);
      expect((page.body as { totalCount: number }).totalCount).toBe(250 + emails.length);
    }
  }, 60_000);

  it('reads, updates and deletes through one replica what the other created', async () => {
    const { call } = await twoReplicas('crossing');
    const created = await call(0, 'POST', bulk, [item('crossing@example.com')]);
    expect(created.status).toBe(200);
    const [account] = (created.body as { items: Account[] }).items;
    if (!account) throw new Error('no account');
    const read = await call(1, 'GET', `${accounts}/${account.id}`);
    expect.soft(read.status).toBe(200);
    expect.soft((read.body as Account).emailAddress).toBe('crossing@example.com');
    const updated = await call(1, 'PUT', `${accounts}/${account.id}`, {
      ...(read.body as Account),
      lastName: 'Moved',
    });
    expect.soft(updated.status).toBe(200);
    expect.soft(((await call(0, 'GET', `${accounts}/${account.id}`)).body as Account).lastName).toBe('Moved');
    // The other replica refuses the email at once, in another case.
    expect.soft((await call(0, 'POST', bulk, [item('CROSSING@example.com')])).status).toBe(409);
    expect.soft((await call(0, 'DELETE', `${accounts}/${account.id}`)).status).toBe(200);
    expect.soft((await call(1, 'GET', `${accounts}/${account.id}`)).status).toBe(404);
    expect.soft((await call(1, 'POST', bulk, [item('crossing@example.com')])).status).toBe(200);
  }, 60_000);

  it('shares the outbox and a tenant reset between replicas', async () => {
    const { call, replicas } = await twoReplicas('admin');
    expect((await call(0, 'POST', bulk, [item('forgetful@example.com')])).status).toBe(200);
    expect(
      (await call(0, 'POST', `${accounts}/Reset-Password`, { emailAddress: 'FORGETFUL@example.com' })).status,
    ).toBe(200);
    const outbox = await fetch(`${replicas[1]?.url}/__mock/outbox`);
    const { items } = (await outbox.json()) as { items: { to: string; confirmationCode: string }[] };
    expect(items.map((m) => m.to)).toEqual(['forgetful@example.com']);
    const reset = await fetch(`${replicas[1]?.url}/__mock/tenants/100000/reset`, { method: 'POST' });
    expect(reset.status).toBeLessThan(300);
    const page = await call(0, 'GET', `${accounts}?pageSize=1`);
    expect((page.body as { totalCount: number }).totalCount).toBe(250);
    expect((await call(0, 'POST', bulk, [item('forgetful@example.com')])).status).toBe(200);
  }, 60_000);

  it('switches every replica to the scenario one of them loaded, wiping the shared changes', async () => {
    const { call, replicas, url } = await twoReplicas('switch');
    expect((await call(1, 'POST', bulk, [item('switch@example.com')])).status).toBe(200);
    const switched = await fetch(`${replicas[0]?.url}/__mock/scenario/empty-tenant`, { method: 'PUT' });
    expect(switched.status).toBe(200);
    const total = async (replica: number) =>
      ((await call(replica, 'GET', `${accounts}?pageSize=1`)).body as { totalCount: number }).totalCount;
    expect(await total(0)).toBe(0);
    // The other replica hears it through NOTIFY, a moment later.
    await expect.poll(() => total(1), { timeout: 5000 }).toBe(0);
    expect(await storedEmails(url)).toEqual([]);
    // A replica started now serves the switched scenario too.
    const third = await startCli(['--store', url]);
    expect(third.output()).toMatch(/scenario: +empty-tenant/);
  }, 60_000);

  it('loses no acknowledged batch when one replica is killed mid-load', async () => {
    const { call, replicas, url } = await twoReplicas('killed');
    const acknowledged: string[] = [];
    let n = 0;
    const load = async (replica: number) => {
      for (;;) {
        const emails = Array.from({ length: 10 }, () => `killed${n++}@example.com`);
        const answer = await call(
          replica,
          'POST',
          bulk,
          emails.map((e) => item(e)),
        ).catch(() => undefined);
        if (answer?.status !== 200) return;
        acknowledged.push(...emails);
      }
    };
    const loads = [load(0), load(1), load(0), load(1)];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    replicas[0]?.child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    replicas[1]?.child.kill('SIGTERM');
    await Promise.all(loads);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await storedEmails(url);
    // Everything acknowledged is kept; at most what was in flight when killed is there besides,
    // and only as whole batches of ten.
    expect(stored).toEqual(expect.arrayContaining(acknowledged));
    expect(stored.length % 10).toBe(0);
  }, 60_000);

  it('answers 503 with Retry-After while PostgreSQL is down, and serves again once it is back', async () => {
    const { call, replicas } = await twoReplicas('outage');
    expect((await call(0, 'POST', bulk, [item('before@example.com')])).status).toBe(200);
    const statuses: number[] = [];
    let stopping = true;
    const load = async (replica: number) => {
      let n = 0;
      while (stopping) {
        const answer = await call(replica, 'POST', bulk, [item(`outage${replica}-${n++}@example.com`)]);
        statuses.push(answer.status);
        if (answer.status === 503) {
          expect.soft(answer.headers.get('retry-after')).toBe('1');
          expect.soft(answer.body).toMatchObject({ errorCode: 'SERVICE_UNAVAILABLE' });
        }
      }
    };
    const loads = [load(0), load(1)];
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const down = await call(1, 'GET', `${accounts}?pageSize=1`);
    expect.soft(down.status).toBe(503);
    server.start();
    stopping = false;
    await Promise.all(loads);
    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // Both replicas recover by themselves (pg.Pool reconnects), and neither crashed.
    for (const replica of [0, 1]) {
      let answer = await call(replica, 'POST', bulk, [item(`after${replica}@example.com`)]);
      for (let tries = 0; answer.status === 503 && tries < 20; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await call(replica, 'POST', bulk, [item(`after${replica}@example.com`)]);
      }
      expect(answer.status).toBe(200);
      expect(replicas[replica]?.child.exitCode).toBeNull();
    }
    const output = replicas.map((r) => r.output()).join('\n');
    expect(output).not.toMatch(/^error: /m);
  }, 60_000);
});

it.runIf(!bin)(
  'skips the PostgreSQL replica tests: no /usr/lib/postgresql/*/bin/initdb (.ci/run installs the postgresql package)',
  () => {
    expect(bin).toBeUndefined();
  },
);
