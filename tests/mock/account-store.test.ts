import { expect, test } from 'vitest';
import { createTenantStore, type CustomerAccount } from '../../mock/accounts/account-store.ts';
import type { Dataset } from '../../dataset/create-dataset.ts';

/** A dataset of bare accounts that counts how many it generated. */
function countingDataset(size: number, firstId = 1001) {
  const generated = { count: 0 };
  const dataset: Dataset = {
    size,
    firstId,
    account(index) {
      generated.count++;
      return { id: firstId + index, emailAddress: `user${index}@example.com` };
    },
    indexOfId: (id) => (id >= firstId && id < firstId + size ? id - firstId : undefined),
    indexOfLogin: () => undefined,
  };
  return { dataset, generated };
}

const created = (id: number): CustomerAccount => ({ id, emailAddress: `new${id}@example.com` });
const ids = (accounts: readonly CustomerAccount[]) => accounts.map((a) => a.id);

test('every page agrees with a full scan after deletions in the dataset and among created accounts', () => {
  const { dataset } = countingDataset(40);
  const store = createTenantStore(1, dataset);
  // The first, a run of neighbours, one alone and the last of the dataset.
  for (const id of [1001, 1010, 1011, 1012, 1025, 1040]) store.delete(id);
  store.insert(Array.from({ length: 12 }, (_, i) => created(store.nextId() + i)));
  for (const id of [1041, 1046, 1052]) store.delete(id);
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
  const store = createTenantStore(1, dataset);
  for (let id = 1001; id < 1_001_001; id += 997) store.delete(id);
  const page = store.slice(990_000, 990_020);
  expect(page).toHaveLength(20);
  expect(generated.count).toBe(20);
  // Deleted indexes are 0, 997, 1994 …; the 994 up to 993 × 997 = 990,021 lie before the page.
  expect(page[0]?.id).toBe(1001 + 990_000 + 994);
  expect(page.every((account) => ((account.id ?? 0) - 1001) % 997 !== 0)).toBe(true);
});

test('a page reaching past the last account stops there', () => {
  const { dataset } = countingDataset(5);
  const store = createTenantStore(1, dataset);
  store.insert([created(1006)]);
  expect(ids(store.slice(4, 20))).toEqual([1005, 1006]);
  expect(store.slice(6, 26)).toEqual([]);
  expect(store.slice(60, 80)).toEqual([]);
});

test('created accounts restored out of order are paged in id order', () => {
  const { dataset } = countingDataset(2);
  const store = createTenantStore(1, dataset, {
    restored: { created: [created(1009), created(1004)], deletedIds: [1002], nextId: 1010 },
    commitBatch: () => {},
    recordDelete: () => {},
  });
  expect(ids(store.slice(0, 10))).toEqual([1001, 1004, 1009]);
  expect(ids([...store.scan()])).toEqual([1001, 1004, 1009]);
  expect(store.nextId()).toBe(1010);
});

test('a deleted created account leaves the pages and its logins free', () => {
  const { dataset } = countingDataset(1);
  const store = createTenantStore(1, dataset);
  store.insert([created(1002), created(1003), created(1004)]);
  expect(store.delete(1003)).toBe(true);
  expect(store.delete(1003)).toBe(false);
  expect(ids(store.slice(0, 10))).toEqual([1001, 1002, 1004]);
  expect(store.findLogin('NEW1003@example.com')).toBeUndefined();
  expect(store.count()).toBe(3);
});
