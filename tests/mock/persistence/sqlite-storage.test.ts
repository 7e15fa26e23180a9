import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it, onTestFinished } from 'vitest';
import type { CustomerAccount } from '../../../mock/accounts/account-store.ts';
import type { Storage } from '../../../mock/accounts/storage.ts';
import { UniqueValueTaken, type StoredChange } from '../../../mock/accounts/tenant-backend.ts';
import { inTransaction } from '../../../mock/persistence/in-transaction.ts';
import { databaseFileName, openSqliteStorage } from '../../../mock/persistence/sqlite-storage.ts';
import { loadPlan } from '../../../openapi/load-plan.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../../support/mock-client.ts';

const identity = { seed: 1, accounts: 250 };
const uniqueKeys = ['emailAddress', 'userName'];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kibo-persistence-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens the data dir and closes it when the test ends, whatever happens. */
function open(dir: string, as = identity, log?: (line: string) => void): Storage {
  const storage = openSqliteStorage(join(dir, databaseFileName), { identity: as, uniqueKeys, log });
  onTestFinished(() => storage.close());
  return storage;
}

function account(id: number): CustomerAccount & { id: number } {
  return { id, emailAddress: `shopper${id}@example.com`, firstName: 'Ann', lastName: `Lee${id}` };
}

const put = (a: CustomerAccount & { id: number }): StoredChange => ({
  kind: 'put',
  id: a.id,
  json: JSON.stringify(a),
  uniqueValues: [a.emailAddress?.toLowerCase() ?? ''].filter(Boolean),
});
const remove = (id: number): StoredChange => ({ kind: 'delete', id });

/** The account of the tenant holding this unique value, as the backend answers for one value. */
async function ownerOf(storage: Storage, tenant: number, value: string): Promise<number | undefined> {
  return (await storage.backend(tenant).owners([value])).get(value);
}

/** A Bulk batch: one request that creates these accounts. */
async function commitBatch(storage: Storage, tenant: number, accounts: (CustomerAccount & { id: number })[]) {
  const next = Math.max(0, ...accounts.map((a) => a.id + 1));
  await storage.backend(tenant).commit(accounts.map(put), next);
}

async function storedIds(storage: Storage, tenant: number, ids: number[]) {
  return [...(await storage.backend(tenant).read(ids)).keys()].sort((a, b) => a - b);
}

it('gives a fresh tenant an empty state', async () => {
  expect(await open(tempDir()).backend(100000).state()).toEqual({ next: undefined, deleted: [] });
});

it('gives back after a restart what each tenant committed', async () => {
  const dir = tempDir();
  const first = open(dir);
  await commitBatch(first, 100000, [account(1252), account(1251)]);
  await commitBatch(first, 200000, [account(1251)]);
  await commitBatch(first, 100000, [account(1253)]);
  first.close();

  const second = open(dir);
  const read = await second.backend(100000).read([1250, 1251, 1252, 1253, 1254]);
  expect([...read.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))).toEqual([
    account(1251),
    account(1252),
    account(1253),
  ]);
  expect(await storedIds(second, 200000, [1251, 1252])).toEqual([1251]);
  expect(await storedIds(second, 300000, [1251])).toEqual([]);
  expect(await ownerOf(second, 100000, 'shopper1252@example.com')).toBe(1252);
  expect(await ownerOf(second, 200000, 'shopper1252@example.com')).toBeUndefined();
});

it('keeps every field of an account as it was given', async () => {
  const dir = tempDir();
  const full: CustomerAccount & { id: number } = {
    ...account(1251),
    contacts: [{ id: 1, accountId: 1251, email: 'a@example.com', firstName: 'Änn ✓' }],
    notes: null,
    taxExempt: false,
    commerceSummary: { orderCount: 0, totalOrderAmount: { currencyCode: 'USD', amount: 0 } },
  };
  const first = open(dir);
  await commitBatch(first, 100000, [full]);
  first.close();
  expect((await open(dir).backend(100000).read([1251])).get(1251)).toEqual(full);
});

it('records deletions per tenant, drops the deleted account and frees its values', async () => {
  const dir = tempDir();
  const first = open(dir);
  await commitBatch(first, 100000, [account(1251), account(1252)]);
  for (const id of [1252, 1010, 1005, 1005]) await first.backend(100000).commit([remove(id)], 1253);
  await first.backend(200000).commit([remove(1001)], 0);
  first.close();

  const second = open(dir);
  expect(await second.backend(100000).state()).toEqual({ next: 1253, deleted: [1005, 1010, 1252] });
  expect(await storedIds(second, 100000, [1251, 1252])).toEqual([1251]);
  expect(await ownerOf(second, 100000, 'shopper1252@example.com')).toBeUndefined();
  expect((await second.backend(200000).state()).deleted).toEqual([1001]);
});

it('keeps the newest version of a changed account, generated or created, in one row', async () => {
  const dir = tempDir();
  const first = open(dir);
  await commitBatch(first, 100000, [account(1251)]);
  await first
    .backend(100000)
    .commit(
      [
        put({ ...account(1251), emailAddress: 'bea@example.com' }),
        put({ ...account(1005), lastName: 'Changed' }),
      ],
      1252,
    );
  first.close();
  const second = open(dir);
  const read = await second.backend(100000).read([1005, 1251]);
  expect(read.get(1005)?.lastName).toBe('Changed');
  expect(read.get(1251)?.emailAddress).toBe('bea@example.com');
  expect(await ownerOf(second, 100000, 'shopper1251@example.com')).toBeUndefined();
  expect(await ownerOf(second, 100000, 'bea@example.com')).toBe(1251);
});

it('refuses a value another account holds, storing none of the request', async () => {
  const storage = open(tempDir());
  await commitBatch(storage, 100000, [account(1251)]);
  const taken = { ...account(1253), emailAddress: 'SHOPPER1251@example.com' };
  await expect(commitBatch(storage, 100000, [account(1252), taken])).rejects.toThrow(UniqueValueTaken);
  expect(await storedIds(storage, 100000, [1251, 1252, 1253])).toEqual([1251]);
  expect((await storage.backend(100000).state()).next).toBe(1252);
});

it('rolls back every write of a transaction that fails midway', () => {
  const dir = tempDir();
  open(dir).close();
  const db = new DatabaseSync(join(dir, databaseFileName));
  onTestFinished(() => db.close());
  const insert = db.prepare('INSERT INTO accounts (tenant_id, id, json) VALUES (?, ?, ?)');
  expect(() =>
    inTransaction(db, () => {
      insert.run(100000, 1251, '{}');
      insert.run(100000, 1252, '{}');
      throw new Error('the third write failed');
    }),
  ).toThrow('the third write failed');
  expect(db.prepare('SELECT count(*) AS n FROM accounts').get()?.n).toBe(0);
  expect(db.isTransaction).toBe(false);
});

it('skips a record that no longer parses, saying so once, and serves the rest', async () => {
  const dir = tempDir();
  const first = open(dir);
  await commitBatch(first, 100000, [account(1251), account(1252)]);
  first.close();
  const raw = new DatabaseSync(join(dir, databaseFileName));
  raw.prepare('UPDATE accounts SET json = \'{"id": 1252, broken\' WHERE id = 1252').run();
  raw.close();
  const lines: string[] = [];
  const second = open(dir, identity, (line) => lines.push(line));
  expect(await storedIds(second, 100000, [1251, 1252])).toEqual([1251]);
  await second.backend(100000).read([1252]);
  expect(lines).toEqual([
    expect.stringContaining('account 1252 of tenant 100000 is not readable JSON; skipped'),
  ]);
});

it('skips a record larger than any the mock writes, with a log line, without loading it', async () => {
  const dir = tempDir();
  const first = open(dir);
  await commitBatch(first, 100000, [account(1251), account(1252)]);
  first.close();
  const raw = new DatabaseSync(join(dir, databaseFileName));
  raw
    .prepare('UPDATE accounts SET json = ? WHERE id = 1252')
    .run(JSON.stringify({ note: 'x'.repeat(20_000) }));
  raw.close();
  const lines: string[] = [];
  const second = openSqliteStorage(join(dir, databaseFileName), {
    identity,
    uniqueKeys,
    log: (line) => lines.push(line),
    maxRecordBytes: 10_000,
  });
  onTestFinished(() => second.close());
  expect(await storedIds(second, 100000, [1251, 1252])).toEqual([1251]);
  expect(lines).toEqual([
    expect.stringContaining(
      'account 1252 of tenant 100000 is 20011 bytes, more than any account this mock writes (10000); skipped',
    ),
  ]);
});

it('bounds the records a mock on a data dir serves by its document: twice the Bulk body limit', async () => {
  const dir = tempDir();
  const first = await mockClient({ dataDir: dir });
  const created = await first.call('POST', bulkPath, { body: [accountItem(1)] });
  const id = (created.body as { items: { id: number }[] }).items[0]?.id;
  first.mock.close();
  const raw = new DatabaseSync(join(dir, databaseFileName));
  const limit = (await loadPlan()).operation('addAccounts').body?.maxBytes ?? 0;
  raw
    .prepare('UPDATE accounts SET json = ? WHERE id = ?')
    .run(`{"note":"${'x'.repeat(2 * limit)}"}`, id ?? 0);
  raw.close();
  const lines: string[] = [];
  const second = await mockClient({ dataDir: dir, log: (line) => lines.push(line) });
  onTestFinished(() => second.mock.close());
  const answer = await second.call('GET', `${accountsPath}/${id}`);
  expect(answer.status).toBe(404);
  expect(JSON.stringify(answer.body).length).toBeLessThan(2_000);
  expect(lines).toContainEqual(
    expect.stringMatching(/more than any account this mock writes \(20971520\); skipped$/),
  );
});

it('migrates a version 1 data dir, indexing the unique values of what it holds', async () => {
  const dir = tempDir();
  const file = join(dir, databaseFileName);
  const v1 = new DatabaseSync(file);
  v1.exec(`
    CREATE TABLE meta (only INTEGER PRIMARY KEY CHECK (only = 1), seed INTEGER NOT NULL, accounts INTEGER NOT NULL) STRICT;
    CREATE TABLE accounts (tenant_id INTEGER NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (tenant_id, id)) STRICT;
    CREATE TABLE deletions (tenant_id INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tenant_id, id)) STRICT, WITHOUT ROWID;
    CREATE TABLE tenants (tenant_id INTEGER PRIMARY KEY, next_id INTEGER NOT NULL) STRICT;
    INSERT INTO meta VALUES (1, 1, 250);
    INSERT INTO tenants VALUES (100000, 1252);
    PRAGMA user_version = 1;
  `);
  v1.prepare('INSERT INTO accounts VALUES (100000, 1251, ?)').run(
    JSON.stringify({ ...account(1251), userName: 'Ann.Lee' }),
  );
  v1.close();
  const storage = open(dir);
  expect(await ownerOf(storage, 100000, 'ann.lee')).toBe(1251);
  expect(await ownerOf(storage, 100000, 'shopper1251@example.com')).toBe(1251);
  expect((await storage.backend(100000).state()).next).toBe(1252);
});

it('refuses a data dir made on another dataset, naming both and the way out', () => {
  const dir = tempDir();
  open(dir).close();
  const attempt = () =>
    openSqliteStorage(join(dir, databaseFileName), { identity: { seed: 7, accounts: 1000 }, uniqueKeys });
  expect(attempt).toThrow(`holds accounts made on the dataset --seed 1 --accounts 250`);
  expect(attempt).toThrow(`this run uses --seed 7 --accounts 1000`);
  expect(attempt).toThrow(`use another --data-dir, or delete ${dir} to start over`);
});

it.each([
  ['seed', { seed: 2, accounts: 250 }],
  ['dataset size', { seed: 1, accounts: 251 }],
])('refuses a data dir made with another %s alone', (_, other) => {
  const dir = tempDir();
  open(dir).close();
  expect(() => openSqliteStorage(join(dir, databaseFileName), { identity: other, uniqueKeys })).toThrow(
    /made on the dataset/,
  );
  expect(() => open(dir)).not.toThrow();
});

it('refuses a data dir another process has open', () => {
  const dir = tempDir();
  open(dir);
  expect(() => openSqliteStorage(join(dir, databaseFileName), { identity, uniqueKeys })).toThrow(
    `The data dir ${dir} is in use by another process`,
  );
});

it('refuses a file of a newer storage version', () => {
  const dir = tempDir();
  open(dir).close();
  const raw = new DatabaseSync(join(dir, databaseFileName));
  raw.exec('PRAGMA user_version = 99');
  raw.close();
  expect(() => open(dir)).toThrow('written with storage version 99');
});

it('creates a missing data dir, nested folders included', async () => {
  const dir = join(tempDir(), 'a', 'b');
  const first = open(dir);
  await commitBatch(first, 100000, [account(1251)]);
  first.close();
  expect(await storedIds(open(dir), 100000, [1251])).toEqual([1251]);
});

it('removes a spill file and its journal when it closes', async () => {
  const file = join(tempDir(), 'spill.sqlite');
  const storage = openSqliteStorage(file, { uniqueKeys, temporary: true });
  await commitBatch(storage, 100000, [account(1251)]);
  storage.close();
  writeFileSync(`${file}.check`, '');
  expect(() => new DatabaseSync(file, { readOnly: true })).toThrow();
});

it('closes twice without throwing', () => {
  const storage = open(tempDir());
  storage.close();
  expect(() => storage.close()).not.toThrow();
});
