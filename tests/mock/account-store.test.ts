import { expect, test } from 'vitest';
import {
  createTenantStore,
  type AccountChange,
  type CustomerAccount,
} from '../../mock/accounts/account-store.ts';
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
    indexOfId: (id) => (id >= firstId && id < firstId + size ? id - firstId : undefined),
    indexOfLogin: (login) => {
      const index = Number(/^user(\d+)@example\.com$/.exec(login)?.[1] ?? NaN);
      return Number.isInteger(index) && index < size ? index : undefined;
    },
  };
  return { dataset, generated };
}

const keys = { uniqueKeys: ['emailAddress', 'userName'] };
const created = (id: number) => ({ id, emailAddress: `new${id}@example.com` });
const put = (account: CustomerAccount & { id: number }): AccountChange => ({ kind: 'put', account });
const remove = (id: number): AccountChange => ({ kind: 'delete', id });
const ids = (accounts: readonly CustomerAccount[]) => accounts.map((a) => a.id);

test('every page agrees with a full scan after deletions in the dataset and among created accounts', () => {
  const { dataset } = countingDataset(40);
  const store = createTenantStore(1, dataset, keys);
  // The first, a run of neighbours, one alone and the last of the dataset.
  store.commit([1001, 1010, 1011, 1012, 1025, 1040].map(remove));
  store.commit(Array.from({ length: 12 }, (_, i) => put(created(store.nextId() + i))));
  store.commit([1041, 1046, 1052].map(remove));
  const all = ids([...store.scan()]);
  expect(all).toHaveLength(store.count());
  for (const size of [1, 3, 7, 50]) {
    for (let start = 0; start <= store.count(); start++) {
      expect(ids(store.slice(start, start + size)), `slice(${start}, ${start + size})`).toEqual(
        all.slice(start, start + size),
      );
    }
  }
});

test('a page deep in a large dataset generates only the accounts it returns', () => {
  const { dataset, generated } = countingDataset(1_000_000);
  const store = createTenantStore(1, dataset, keys);
  const gone: AccountChange[] = [];
  for (let id = 1001; id < 1_001_001; id += 997) gone.push(remove(id));
  store.commit(gone);
  const page = store.slice(990_000, 990_020);
  expect(page).toHaveLength(20);
  expect(generated.count).toBe(20);
  // Deleted indexes are 0, 997, 1994 …; the 994 up to 993 × 997 = 990,021 lie before the page.
  expect(page[0]?.id).toBe(1001 + 990_000 + 994);
  expect(page.every((account) => ((account.id ?? 0) - 1001) % 997 !== 0)).toBe(true);
});

test('a page reaching past the last account stops there', () => {
  const { dataset } = countingDataset(5);
  const store = createTenantStore(1, dataset, keys);
  store.commit([put(created(1006))]);
  expect(ids(store.slice(4, 20))).toEqual([1005, 1006]);
  expect(store.slice(6, 26)).toEqual([]);
  expect(store.slice(60, 80)).toEqual([]);
});

test('accounts restored out of order are paged in id order, changed generated ones in place', () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, {
    ...keys,
    durable: {
      restored: {
        accounts: [created(1009), { id: 1001, emailAddress: 'changed@example.com' }, created(1004)],
        deletedIds: [1002],
        nextId: 1010,
      },
      commit: () => {},
    },
  });
  expect(ids(store.slice(0, 10))).toEqual([1001, 1004, 1009]);
  expect(store.slice(0, 1)[0]?.emailAddress).toBe('changed@example.com');
  expect(ids([...store.scan()])).toEqual([1001, 1004, 1009]);
  expect(store.nextId()).toBe(1010);
});

test('a deleted created account leaves the pages and its unique values free', () => {
  const { dataset } = countingDataset(1);
  const store = createTenantStore(1, dataset, keys);
  store.commit([put(created(1002)), put(created(1003)), put(created(1004))]);
  store.commit([remove(1003)]);
  expect(store.get(1003)).toBeUndefined();
  expect(ids(store.slice(0, 10))).toEqual([1001, 1002, 1004]);
  expect(store.findUnique('NEW1003@example.com')).toBeUndefined();
  expect(store.count()).toBe(3);
});

test('a changed generated account is read, paged and found by its new values, not its old ones', () => {
  const { dataset } = countingDataset(3);
  const store = createTenantStore(1, dataset, keys);
  expect(store.findUnique('user1@example.com')).toBe(1002);
  store.commit([put({ id: 1002, emailAddress: 'renamed@example.com', userName: 'ren' })]);
  expect(store.get(1002)?.emailAddress).toBe('renamed@example.com');
  expect(store.slice(1, 2)[0]?.userName).toBe('ren');
  expect(store.count()).toBe(3);
  expect(store.findUnique('user1@example.com')).toBeUndefined();
  expect(store.findUnique('REN')).toBe(1002);
  expect(store.nextId()).toBe(1004);
});

test('only the unique keys it is given count: another field of the same value is no conflict', () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, { uniqueKeys: ['emailAddress'] });
  store.commit([put({ id: 1003, emailAddress: 'a@example.com', userName: 'b@example.com' })]);
  expect(store.findUnique('a@example.com')).toBe(1003);
  expect(store.findUnique('b@example.com')).toBeUndefined();
});

test('a unique key the dataset cannot invert is found by one scan of the generated accounts', () => {
  const { dataset, generated } = countingDataset(50);
  const store = createTenantStore(1, dataset, { uniqueKeys: ['externalId'] });
  expect(store.findUnique('x-17')).toBe(1018);
  expect(store.findUnique('X-49')).toBe(1050);
  expect(store.findUnique('user3@example.com')).toBeUndefined();
  expect(generated.count).toBe(50);
});

test('a commit that fails to persist changes nothing', () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, {
    ...keys,
    durable: {
      restored: { accounts: [], deletedIds: [], nextId: undefined },
      commit: () => {
        throw new Error('disk full');
      },
    },
  });
  expect(() => store.commit([put(created(1003)), remove(1001)])).toThrow('disk full');
  expect(store.count()).toBe(2);
  expect(store.get(1001)).toBeDefined();
  expect(store.findUnique('new1003@example.com')).toBeUndefined();
});
