import { expect, test } from 'vitest';
import {
  createTenantStore,
  type AccountChange,
  type CustomerAccount,
} from '../../mock/accounts/account-store.ts';
import { createMemoryBackend } from '../../mock/accounts/tenant-backend.ts';
import type { Dataset } from '../../dataset/create-dataset.ts';

/** A dataset of bare accounts (email = login, as generated ones) that counts what it generated. */
function countingDataset(size: number, firstId = 1001) {
  const generated = { count: 0 };
  const dataset: Dataset = {
    size,
    firstId,
    loginFields: ['emailAddress', 'userName'],
    account(index) {
      generated.count++;
      return { id: firstId + index, emailAddress: `user${index}@example.com`, externalId: `X-${index}` };
    },
    password: (index) => `Password-${index}`,
    indexOfId: (id) => (id >= firstId && id < firstId + size ? id - firstId : undefined),
    indexOfLogin: (login) => {
      const index = Number(/^user(\d+)@example\.com$/.exec(login)?.[1] ?? NaN);
      return Number.isInteger(index) && index < size ? index : undefined;
    },
  };
  return { dataset, generated };
}

const logins = ['emailAddress', 'userName'];
const keys = () => ({ uniqueKeys: logins, backend: createMemoryBackend() });
const created = (id: number) => ({ id, emailAddress: `new${id}@example.com` });
const put = (account: CustomerAccount & { id: number }): AccountChange => ({ kind: 'put', account });
const remove = (id: number): AccountChange => ({ kind: 'delete', id });
const ids = (accounts: readonly CustomerAccount[]) => accounts.map((a) => a.id);
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

test('every page agrees with a full scan after deletions in the dataset and among created accounts', async () => {
  const { dataset } = countingDataset(40);
  const store = createTenantStore(1, dataset, keys());
  // The first, a run of neighbours, one alone and the last of the dataset.
  await store.commit([1001, 1010, 1011, 1012, 1025, 1040].map(remove));
  const next = await store.nextId();
  await store.commit(Array.from({ length: 12 }, (_, i) => put(created(next + i))));
  await store.commit([1041, 1046, 1052].map(remove));
  const all = ids(await collect(store.scan()));
  const total = await store.count();
  expect(all).toHaveLength(total);
  for (const size of [1, 3, 7, 50]) {
    for (let start = 0; start <= total; start++) {
      expect(ids(await store.slice(start, start + size)), `slice(${start}, ${start + size})`).toEqual(
        all.slice(start, start + size),
      );
    }
  }
});

test('a page deep in a large dataset generates only the accounts it returns', async () => {
  const { dataset, generated } = countingDataset(1_000_000);
  const store = createTenantStore(1, dataset, keys());
  const gone: AccountChange[] = [];
  for (let id = 1001; id < 1_001_001; id += 997) gone.push(remove(id));
  await store.commit(gone);
  const page = await store.slice(990_000, 990_020);
  expect(page).toHaveLength(20);
  expect(generated.count).toBe(20);
  // Deleted indexes are 0, 997, 1994 …; the 994 up to 993 × 997 = 990,021 lie before the page.
  expect(page[0]?.id).toBe(1001 + 990_000 + 994);
  expect(page.every((account) => ((account.id ?? 0) - 1001) % 997 !== 0)).toBe(true);
});

test('a page reaching past the last account stops there', async () => {
  const { dataset } = countingDataset(5);
  const store = createTenantStore(1, dataset, keys());
  await store.commit([put(created(1006))]);
  expect(ids(await store.slice(4, 20))).toEqual([1005, 1006]);
  expect(await store.slice(6, 26)).toEqual([]);
  expect(await store.slice(60, 80)).toEqual([]);
});

test('accounts its backend holds are paged in id order, changed generated ones in place', async () => {
  const { dataset } = countingDataset(2);
  const backend = createMemoryBackend();
  const stored = [created(1009), { id: 1001, emailAddress: 'changed@example.com' }, created(1004)];
  await backend.commit(
    [
      ...stored.map((account) => ({ kind: 'put' as const, id: account.id, json: JSON.stringify(account) })),
      { kind: 'delete' as const, id: 1002 },
      // Ids 1003 and 1005 … 1008 were created and deleted: a gap the pages must skip.
      ...[1003, 1005, 1006, 1007, 1008].map((id) => ({ kind: 'delete' as const, id })),
    ],
    1010,
  );
  const store = createTenantStore(1, dataset, { uniqueKeys: logins, backend });
  expect(ids(await store.slice(0, 10))).toEqual([1001, 1004, 1009]);
  expect((await store.slice(0, 1))[0]?.emailAddress).toBe('changed@example.com');
  expect(ids(await collect(store.scan()))).toEqual([1001, 1004, 1009]);
  expect(await store.nextId()).toBe(1010);
});

test('a deleted created account leaves the pages and its unique values free', async () => {
  const { dataset } = countingDataset(1);
  const store = createTenantStore(1, dataset, keys());
  await store.commit([put(created(1002)), put(created(1003)), put(created(1004))]);
  await store.commit([remove(1003)]);
  expect(await store.get(1003)).toBeUndefined();
  expect(ids(await store.slice(0, 10))).toEqual([1001, 1002, 1004]);
  expect(await store.findUnique('NEW1003@example.com')).toBeUndefined();
  expect(await store.count()).toBe(3);
});

test('a changed generated account is read, paged and found by its new values, not its old ones', async () => {
  const { dataset } = countingDataset(3);
  const store = createTenantStore(1, dataset, keys());
  expect(await store.findUnique('user1@example.com')).toBe(1002);
  await store.commit([put({ id: 1002, emailAddress: 'renamed@example.com', userName: 'ren' })]);
  expect((await store.get(1002))?.emailAddress).toBe('renamed@example.com');
  expect((await store.slice(1, 2))[0]?.userName).toBe('ren');
  expect(await store.count()).toBe(3);
  expect(await store.findUnique('user1@example.com')).toBeUndefined();
  expect(await store.findUnique('REN')).toBe(1002);
  expect(await store.nextId()).toBe(1004);
});

test('only the unique keys it is given count: another field of the same value is no conflict', async () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, {
    uniqueKeys: ['emailAddress'],
    backend: createMemoryBackend(),
  });
  await store.commit([put({ id: 1003, emailAddress: 'a@example.com', userName: 'b@example.com' })]);
  expect(await store.findUnique('a@example.com')).toBe(1003);
  expect(await store.findUnique('b@example.com')).toBeUndefined();
});

test('a unique key the dataset cannot invert is found by one scan of the generated accounts', async () => {
  const { dataset, generated } = countingDataset(50);
  const store = createTenantStore(1, dataset, { uniqueKeys: ['externalId'], backend: createMemoryBackend() });
  expect(await store.findUnique('x-17')).toBe(1018);
  expect(await store.findUnique('X-49')).toBe(1050);
  expect(await store.findUnique('user3@example.com')).toBeUndefined();
  expect(generated.count).toBe(50);
});

test('a commit that fails to persist changes nothing', async () => {
  const { dataset } = countingDataset(2);
  const backend = createMemoryBackend();
  const failing = { ...backend, commit: () => Promise.reject(new Error('disk full')) };
  const store = createTenantStore(1, dataset, { uniqueKeys: logins, backend: failing });
  await expect(store.commit([put(created(1003)), remove(1001)])).rejects.toThrow('disk full');
  expect(await store.count()).toBe(2);
  expect(await store.get(1001)).toBeDefined();
  expect(await store.findUnique('new1003@example.com')).toBeUndefined();
});

test('a value another account holds makes the commit store nothing and answers 409', async () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, keys());
  await store.commit([put(created(1003))]);
  await expect(
    store.commit([put(created(1004)), put({ id: 1005, userName: 'NEW1003@example.com' })]),
  ).rejects.toMatchObject({ status: 409, body: { errorCode: 'VALIDATION_CONFLICT' } });
  expect(await store.count()).toBe(3);
  expect(await store.findUnique('new1004@example.com')).toBeUndefined();
});

test('writers of a tenant take turns, so a check still holds when its commit lands', async () => {
  const { dataset } = countingDataset(1);
  const store = createTenantStore(1, dataset, keys());
  const order: string[] = [];
  const writer = (name: string) =>
    store.write(async () => {
      order.push(`${name} reads ${await store.nextId()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.commit([put(created(await store.nextId()))]);
    });
  await Promise.all([writer('a'), writer('b')]);
  expect(order).toEqual(['a reads 1002', 'b reads 1003']);
  expect(ids(await store.slice(0, 5))).toEqual([1001, 1002, 1003]);
});
