import type { components } from '../../openapi/types.gen.ts';
import type { Dataset } from '../../dataset/create-dataset.ts';
import type { TenantOverlay } from '../persistence/account-persistence.ts';

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
  /**
   * The visible accounts at positions start … end-1 in id order (end is capped at count()). Costs
   * the same at any depth: a binary search over the deletions, then one step per account.
   */
  slice(start: number, end: number): CustomerAccount[];
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
  /** Ids of `created`, ascending, so the k-th created account is one lookup away. */
  const createdIds: number[] = [];
  const deleted = new Set<number>();
  /** Dataset indexes that were deleted, ascending, to find the k-th survivor without a scan. */
  const deletedIndexes: number[] = [];
  const logins = new Map<string, number>();
  let next = dataset.firstId + dataset.size;

  const remember = (account: CustomerAccount, id: number) => {
    created.set(id, account);
    // New ids only grow, so this appends; the search is for ids restored out of order.
    if (id > (createdIds.at(-1) ?? -Infinity)) createdIds.push(id);
    else createdIds.splice(firstAtOrAbove(createdIds, id), 0, id);
    next = Math.max(next, id + 1);
    for (const name of [account.emailAddress, account.userName]) {
      if (name) logins.set(name.toLowerCase(), id);
    }
  };
  const recordDeletedIndex = (index: number) => {
    deletedIndexes.splice(firstAtOrAbove(deletedIndexes, index), 0, index);
  };

  if (durable) {
    for (const account of durable.restored.created) remember(account, account.id ?? next);
    for (const id of durable.restored.deletedIds) {
      deleted.add(id);
      const index = dataset.indexOfId(id);
      if (index !== undefined) recordDeletedIndex(index);
    }
    next = Math.max(next, durable.restored.nextId ?? next);
  }

  const visibleInDataset = () => dataset.size - deletedIndexes.length;

  /**
   * How many deleted indexes lie before the k-th surviving dataset account. The m-th deleted
   * index d has d - m survivors before it, a count that never decreases with m, so it bisects.
   */
  function deletionsBefore(k: number): number {
    let low = 0;
    let high = deletedIndexes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((deletedIndexes[middle] ?? 0) - middle <= k) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Surviving dataset accounts from position `start` up to (not including) `end`. */
  function datasetSlice(start: number, end: number, into: CustomerAccount[]): void {
    let gone = deletionsBefore(start);
    let index = start + gone;
    for (let position = start; position < end; position++, index++) {
      // `gone` points at the first deleted index at or after `index`.
      while (deletedIndexes[gone] === index) {
        gone++;
        index++;
      }
      into.push(dataset.account(index));
    }
  }

  /** Generated logins are found without a scan: the dataset can invert its email scheme. */
  function datasetLoginOwner(login: string): number | undefined {
    const index = dataset.indexOfLogin(login);
    return index === undefined ? undefined : dataset.firstId + index;
  }

  return {
    tenantId,
    count: () => visibleInDataset() + created.size,
    slice(start, end) {
      if (!Number.isSafeInteger(start) || start < 0)
        throw new RangeError(`start must be a non-negative integer (got ${start})`);
      const inDataset = visibleInDataset();
      const stop = Math.min(end, inDataset + createdIds.length);
      const page: CustomerAccount[] = [];
      if (start < inDataset) datasetSlice(start, Math.min(stop, inDataset), page);
      for (let position = Math.max(start, inDataset); position < stop; position++) {
        const account = created.get(createdIds[position - inDataset] ?? -1);
        if (account) page.push(account);
      }
      return page;
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
      for (const id of createdIds) {
        const account = created.get(id);
        if (account) yield account;
      }
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
        createdIds.splice(firstAtOrAbove(createdIds, id), 1);
        for (const name of [own.emailAddress, own.userName]) {
          if (name && logins.get(name.toLowerCase()) === id) logins.delete(name.toLowerCase());
        }
        deleted.add(id);
        return true;
      }
      deleted.add(id);
      if (index !== undefined) recordDeletedIndex(index);
      return true;
    },
  };
}

/** Where `value` sits or would be inserted in an ascending array. */
function firstAtOrAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
