import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchToken, spawnCli, startCli } from '../../support/spawned-mock.ts';
import { loadPlan } from '../../../openapi/load-plan.ts';

// The document's x-lockout-after on sign-in: that many wrong passwords in a row lock a login.
const lockoutAfter =
  (await loadPlan()).operations.find((o) => o.operationId === 'createUserAuthTicket')?.lockoutAfter ?? 0;

const dirs: string[] = [];
const batchSize = 40;

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'mock-data-'));
  dirs.push(dir);
  return dir;
}

/** `npm start -- --data-dir DIR` on a free port, with a token of the full client. */
async function start(dir: string) {
  const { child, url } = await startCli(['--data-dir', dir, '--accounts', '20']);
  const headers = { authorization: `Bearer ${await fetchToken(url)}`, 'content-type': 'application/json' };
  return { child, url, headers };
}

function batch(k: number) {
  return Array.from({ length: batchSize }, (_, i) => ({
    account: { emailAddress: `batch${k}.item${i}@example.com`, firstName: 'Per', lastName: `Sist${k}` },
    password: 'Never-Stored-1',
  }));
}

/** How many accounts of each batch a restarted mock shows. */
async function countsPerBatch(url: string, headers: Record<string, string>, batches: number) {
  const counts: number[] = [];
  for (let k = 0; k < batches; k++) {
    const filter = encodeURIComponent(`emailAddress sw 'batch${k}.'`);
    const page = await fetch(`${url}/api/commerce/customer/accounts?filter=${filter}&pageSize=200`, {
      headers,
    });
    counts.push(((await page.json()) as { totalCount: number }).totalCount);
  }
  return counts;
}

describe('--data-dir across restarts', () => {
  it('shows, after a SIGKILL during load, every batch that got a 200 and no part of any other', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const acknowledged: number[] = [];
    let k = 0;
    // Keep a batch in flight when the process dies: its fate is unknown, but it must be whole or absent.
    for (; k < 6; k++) {
      const answer = await fetch(`${first.url}/api/commerce/customer/accounts/Bulk`, {
        method: 'POST',
        headers: first.headers,
        body: JSON.stringify(batch(k)),
      });
      if (answer.status === 200) acknowledged.push(k);
    }
    const inFlight = fetch(`${first.url}/api/commerce/customer/accounts/Bulk`, {
      method: 'POST',
      headers: first.headers,
      body: JSON.stringify(batch(k)),
    }).catch(() => undefined);
    first.child.kill('SIGKILL');
    await Promise.all([once(first.child, 'exit'), inFlight]);

    const second = await start(dir);
    const counts = await countsPerBatch(second.url, second.headers, k + 1);
    expect(acknowledged).toEqual([0, 1, 2, 3, 4, 5]);
    expect(counts.slice(0, 6)).toEqual(Array.from({ length: 6 }, () => batchSize));
    expect([0, batchSize]).toContain(counts[6]);
  });

  it('keeps deletions and refuses to open the folder with another dataset', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    // Kibo keeps accounts with orders, so the one deleted is the first without.
    const listed = (await (
      await fetch(`${first.url}/api/commerce/customer/accounts?pageSize=20`, { headers: first.headers })
    ).json()) as { items: { id: number; commerceSummary?: { orderCount?: number } }[] };
    const id = listed.items.find((a) => !a.commerceSummary?.orderCount)?.id;
    expect(id).toBeTypeOf('number');
    const deleted = await fetch(`${first.url}/api/commerce/customer/accounts/${id}`, {
      method: 'DELETE',
      headers: first.headers,
    });
    expect(deleted.status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await once(first.child, 'exit'))[0]).toBe(0);

    const second = await start(dir);
    const gone = await fetch(`${second.url}/api/commerce/customer/accounts/${id}`, {
      headers: second.headers,
    });
    expect(gone.status).toBe(404);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');

    const other = spawnCli(['--port', '0', '--data-dir', dir, '--accounts', '21']);
    const [code] = (await once(other, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(other.output()).toContain('--seed 1 --accounts 20');
  });

  it('keeps passwords and lockouts across a restart, as hashes: the same shoppers sign in again', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const api = (url: string) => `${url}/api/commerce/customer`;
    const signIn = (url: string, headers: Record<string, string>, username: string, password: string) =>
      fetch(`${api(url)}/authtickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username, password }),
      });
    await fetch(`${api(first.url)}/accounts/Bulk`, {
      method: 'POST',
      headers: first.headers,
      body: JSON.stringify([{ account: { emailAddress: 'kept@example.com' }, password: 'Kept-Pass-1' }]),
    });
    for (let i = 0; i < lockoutAfter; i++)
      await signIn(first.url, first.headers, 'locked@example.com', 'wrong');
    await fetch(`${api(first.url)}/accounts/Bulk`, {
      method: 'POST',
      headers: first.headers,
      body: JSON.stringify([{ account: { emailAddress: 'locked@example.com' }, password: 'Locked-Pass-1' }]),
    });
    for (let i = 0; i < lockoutAfter; i++)
      await signIn(first.url, first.headers, 'locked@example.com', 'wrong');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await start(dir);
    expect((await signIn(second.url, second.headers, 'kept@example.com', 'Kept-Pass-1')).status).toBe(200);
    expect((await signIn(second.url, second.headers, 'kept@example.com', 'Kept-Pass-2')).status).toBe(401);
    expect((await signIn(second.url, second.headers, 'locked@example.com', 'Locked-Pass-1')).status).toBe(
      401,
    );
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  });
});
