import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it, onTestFinished } from 'vitest';
import type { AccountChange, CustomerAccount } from '../../../mock/accounts/account-store.ts';
import type { AccountPersistence } from '../../../mock/persistence/account-persistence.ts';
import { inTransaction } from '../../../mock/persistence/in-transaction.ts';
import { databaseFileName, openSqlitePersistence } from '../../../mock/persistence/sqlite-persistence.ts';

const identity = { seed: 1, accounts: 250 };

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kibo-persistence-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens the data dir and closes it when the test ends, whatever happens. */
function open(dir: string, as = identity) {
  const persistence = openSqlitePersistence(dir, as);
  onTestFinished(() => persistence.close());
  return persistence;
}

function account(id: number): CustomerAccount & { id: number } {
  return { id, emailAddress: `shopper${id}@example.com`, firstName: 'Ann', lastName: `Lee${id}` };
}

/** A Bulk batch: one request that creates these accounts. */
function commitBatch(persistence: AccountPersistence, tenant: number, accounts: CustomerAccount[]): void {
  persistence.commit(
    tenant,
    accounts.map((a) => ({ kind: 'put', account: a }) as AccountChange),
  );
}

function recordDelete(persistence: AccountPersistence, tenant: number, id: number): void {
  persistence.commit(tenant, [{ kind: 'delete', id }]);
}

it('gives a fresh tenant an empty overlay', () => {
  expect(open(tempDir()).load(100000)).toEqual({ accounts: [], deletedIds: [], nextId: undefined });
});

it('gives back after a restart the batches each tenant committed, in id order', () => {
  const dir = tempDir();
  const first = open(dir);
  commitBatch(first, 100000, [account(1252), account(1251)]);
  commitBatch(first, 200000, [account(1251)]);
  commitBatch(first, 100000, [account(1253)]);
  first.close();

  const second = open(dir);
  expect(second.load(100000).accounts).toEqual([account(1251), account(1252), account(1253)]);
  expect(second.load(200000).accounts).toEqual([account(1251)]);
  expect(second.load(300000).accounts).toEqual([]);
});

it('keeps every field of an account as it was given', () => {
  const dir = tempDir();
  const full: CustomerAccount = {
    ...account(1251),
    contacts: [{ id: 1, accountId: 1251, email: 'a@example.com', firstName: 'Änn ✓' }],
    notes: null,
    taxExempt: false,
    commerceSummary: { orderCount: 0, totalOrderAmount: { currencyCode: 'USD', amount: 0 } },
  };
  const first = open(dir);
  commitBatch(first, 100000, [full]);
  first.close();
  expect(open(dir).load(100000).accounts).toEqual([full]);
});

it('records deletions per tenant and drops the deleted created account', () => {
  const dir = tempDir();
  const first = open(dir);
  commitBatch(first, 100000, [account(1251), account(1252)]);
  recordDelete(first, 100000, 1252);
  recordDelete(first, 100000, 1010);
  recordDelete(first, 100000, 1005);
  recordDelete(first, 100000, 1005);
  recordDelete(first, 200000, 1001);
  first.close();

  const second = open(dir);
  expect(second.load(100000)).toMatchObject({ accounts: [account(1251)], deletedIds: [1005, 1010, 1252] });
  expect(second.load(200000).deletedIds).toEqual([1001]);
});

it('keeps nextId past the highest id ever created, even once that account is deleted', () => {
  const dir = tempDir();
  const first = open(dir);
  commitBatch(first, 100000, [account(1251), account(1252)]);
  commitBatch(first, 200000, [account(1251)]);
  recordDelete(first, 100000, 1252);
  first.close();

  const second = open(dir);
  expect(second.load(100000).nextId).toBe(1253);
  expect(second.load(200000).nextId).toBe(1252);
});

it('keeps the newest version of a changed account, generated or created, in one row', () => {
  const dir = tempDir();
  const first = open(dir);
  commitBatch(first, 100000, [account(1251)]);
  first.commit(100000, [
    { kind: 'put', account: { ...account(1251), firstName: 'Bea' } },
    { kind: 'put', account: { ...account(1005), lastName: 'Changed' } },
  ]);
  first.close();
  expect(open(dir).load(100000)).toEqual({
    accounts: [
      { ...account(1005), lastName: 'Changed' },
      { ...account(1251), firstName: 'Bea' },
    ],
    deletedIds: [],
    nextId: 1252,
  });
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

it('commits the next request after a failed one', () => {
  const persistence = open(tempDir());
  expect(() =>
    commitBatch(persistence, 100000, [account(1251), { emailAddress: 'x@example.com' }]),
  ).toThrow();
  commitBatch(persistence, 100000, [account(1251)]);
  expect(persistence.load(100000).accounts).toEqual([account(1251)]);
});

it('refuses an account without an id, storing nothing', () => {
  const persistence = open(tempDir());
  const withoutId = { emailAddress: 'shopper1252@example.com' };
  expect(() => commitBatch(persistence, 100000, [account(1251), withoutId])).toThrow(
    'changes[1] has no integer id (got undefined)',
  );
  expect(persistence.load(100000).accounts).toEqual([]);
});

it('refuses a data dir made on another dataset, naming both and the way out', () => {
  const dir = tempDir();
  open(dir).close();
  const attempt = () => openSqlitePersistence(dir, { seed: 7, accounts: 1000 });
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
  expect(() => openSqlitePersistence(dir, other)).toThrow(/made on the dataset/);
  expect(() => open(dir)).not.toThrow();
});

it('refuses a data dir another process has open', () => {
  const dir = tempDir();
  open(dir);
  expect(() => openSqlitePersistence(dir, identity)).toThrow(
    `The data dir ${dir} is in use by another process`,
  );
});

it('refuses a file of another storage version', () => {
  const dir = tempDir();
  open(dir).close();
  const raw = new DatabaseSync(join(dir, databaseFileName));
  raw.exec('PRAGMA user_version = 99');
  raw.close();
  expect(() => openSqlitePersistence(dir, identity)).toThrow('written with storage version 99');
});

it('creates a missing data dir, nested folders included', () => {
  const dir = join(tempDir(), 'a', 'b');
  const first = open(dir);
  commitBatch(first, 100000, [account(1251)]);
  first.close();
  expect(open(dir).load(100000).accounts).toEqual([account(1251)]);
});

it('closes twice without throwing', () => {
  const persistence = open(tempDir());
  persistence.close();
  expect(() => persistence.close()).not.toThrow();
});
