import type { components } from '../openapi/types.gen.ts';
import type { Dataset } from './dataset.ts';
import type { TenantOverlay } from './persistence/account-persistence.ts';

export type CustomerAccount = components['schemas']['CustomerAccount'];

/**
 * One tenant's accounts: a generated dataset (account i is computed from (seed, i) on demand and
 * costs no memory) under an overlay of what was created, changed or deleted. Ids of the dataset
 * come first, created accounts get ids after it, so "id order" is dataset order then creation order.
 */
export interface TenantStore {
  readonly tenantId: number;
  /** Visible accounts (dataset minus deleted, plus created). */
  count(): number;
  /** The k-th visible account in id order, 0 ≤ k < count(). */
  at(position: number): CustomerAccount;
  get(id: number): CustomerAccount | undefined;
  /** Every visible account in id order; a full scan, for filters and sorts. */
  scan(): Iterable<CustomerAccount>;
  /** Which visible account already uses this login (emailAddress or userName), case-insensitively. */
  findLogin(login: string): number | undefined;
  nextId(): number;
  /** Adds accounts that already passed every check; all of them or, on a bug, none. */
  insert(accounts: readonly CustomerAccount[]): void;
  delete(id: number): boolean;
}

/**
 * Where a tenant's changes outlive the process (--data-dir). Each write happens before the store
 * changes, so a write that throws leaves both untouched and the client gets an error, not a 200.
 */
export interface DurableOverlay {
  readonly restored: TenantOverlay;
  commitBatch(accounts: readonly CustomerAccount[]): void;
  recordDelete(id: number): void;
}

export function createTenantStore(tenantId: number, dataset: Dataset, durable?: DurableOverlay): TenantStore {
  const created = new Map<number, CustomerAccount>();
  const deleted = new Set<number>();
  /** Sorted dataset indexes that were deleted, to find the k-th survivor without a scan. */
  const deletedIndexes: number[] = [];
  const logins = new Map<string, number>();
  let next = dataset.firstId + dataset.size;

  const remember = (account: CustomerAccount, id: number) => {
    created.set(id, account);
    next = Math.max(next, id + 1);
    for (const name of [account.emailAddress, account.userName]) {
      if (name) logins.set(name.toLowerCase(), id);
    }
  };
  const forgetIndex = (index: number) => {
    // Binary search keeps the list sorted without re-sorting it on every delete.
    let low = 0;
    let high = deletedIndexes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((deletedIndexes[middle] ?? 0) < index) low = middle + 1;
      else high = middle;
    }
    deletedIndexes.splice(low, 0, index);
  };

  if (durable) {
    for (const account of durable.restored.created) remember(account, account.id ?? next);
    for (const id of durable.restored.deletedIds) {
      deleted.add(id);
      const index = dataset.indexOfId(id);
      if (index !== undefined) forgetIndex(index);
    }
    next = Math.max(next, durable.restored.nextId ?? next);
  }

  const visibleInDataset = () => dataset.size - deletedIndexes.length;

  /** The dataset index of the k-th surviving dataset account: k plus the deletions before it. */
  function survivorIndex(k: number): number {
    let index = k;
    for (const gone of deletedIndexes) {
      if (gone <= index) index += 1;
      else break;
    }
    return index;
  }

  /** Generated logins are found without a scan: the dataset can invert its email scheme. */
  function datasetLoginOwner(login: string): number | undefined {
    const index = dataset.indexOfLogin(login);
    return index === undefined ? undefined : dataset.firstId + index;
  }

  return {
    tenantId,
    count: () => visibleInDataset() + created.size,
    at(position) {
      const inDataset = visibleInDataset();
      if (position < inDataset) return dataset.account(survivorIndex(position));
      // Maps keep insertion order, which is id order for created accounts.
      let k = position - inDataset;
      for (const account of created.values()) if (k-- === 0) return account;
      throw new RangeError(`position ${position} is past the last account`);
    },
    get(id) {
      if (deleted.has(id)) return undefined;
      const own = created.get(id);
      if (own) return own;
      const index = dataset.indexOfId(id);
      return index === undefined ? undefined : dataset.account(index);
    },
    *scan() {
      for (let i = 0; i < dataset.size; i++) {
        if (!deleted.has(dataset.firstId + i)) yield dataset.account(i);
      }
      yield* created.values();
    },
    findLogin(login) {
      const key = login.toLowerCase();
      const own = logins.get(key);
      if (own !== undefined) return own;
      const owner = datasetLoginOwner(key);
      return owner !== undefined && !deleted.has(owner) ? owner : undefined;
    },
    nextId: () => next,
    insert(accounts) {
      durable?.commitBatch(accounts);
      for (const account of accounts) remember(account, account.id ?? next);
    },
    delete(id) {
      const own = created.get(id);
      const index = own ? undefined : dataset.indexOfId(id);
      if (!own && (index === undefined || deleted.has(id))) return false;
      durable?.recordDelete(id);
      if (own) {
        created.delete(id);
        for (const name of [own.emailAddress, own.userName]) {
          if (name && logins.get(name.toLowerCase()) === id) logins.delete(name.toLowerCase());
        }
        deleted.add(id);
        return true;
      }
      deleted.add(id);
      if (index !== undefined) forgetIndex(index);
      return true;
    },
  };
}
