import type { Dataset } from '../../dataset/create-dataset.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { TenantOverlay } from '../persistence/account-persistence.ts';

export type CustomerAccount = components['schemas']['CustomerAccount'];

/**
 * What a request does to a tenant's accounts. A `put` of an id the tenant does not have creates
 * the account; of one it has, replaces it (a changed generated account shadows its original).
 */
export type AccountChange =
  | { readonly kind: 'put'; readonly account: CustomerAccount & { readonly id: number } }
  | { readonly kind: 'delete'; readonly id: number };

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
  /** The fields whose values are one namespace, unique per tenant case-insensitively (`x-unique-keys`). */
  readonly uniqueKeys: readonly string[];
  /** Which visible account holds this value in one of its unique keys, case-insensitively. */
  findUnique(value: string): number | undefined;
  nextId(): number;
  /**
   * Applies one request's changes: made durable in one commit first (when the store is), then
   * visible, all of them or, when the commit throws, none.
   */
  commit(changes: readonly AccountChange[]): void;
}

/**
 * Where a tenant's changes outlive the process (--data-dir). The commit happens before the store
 * changes, so a commit that throws leaves both untouched and the client gets an error, not a 200.
 */
export interface DurableOverlay {
  readonly restored: TenantOverlay;
  commit(changes: readonly AccountChange[]): void;
}

export interface StoreOptions {
  /** `x-unique-keys` of the account schema, from the plan. */
  readonly uniqueKeys: readonly string[];
  readonly durable?: DurableOverlay;
}

export function createTenantStore(tenantId: number, dataset: Dataset, options: StoreOptions): TenantStore {
  const { uniqueKeys, durable } = options;
  const datasetEnd = dataset.firstId + dataset.size;
  /** Accounts that differ from the dataset: created ones, and changed generated ones. */
  const current = new Map<number, CustomerAccount>();
  /** Ids of created accounts, ascending, so the k-th created account is one lookup away. */
  const createdIds: number[] = [];
  const deleted = new Set<number>();
  /** Dataset indexes that were deleted, ascending, to find the k-th survivor without a scan. */
  const deletedIndexes: number[] = [];
  /** Unique-key values of `current` accounts, lower-cased, to their ids. */
  const owners = new Map<string, number>();
  let next = datasetEnd;

  const keysOf = (account: CustomerAccount) =>
    uniqueKeys
      .map((key) => (account as Record<string, unknown>)[key])
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map((v) => v.toLowerCase());
  const forget = (id: number) => {
    const old = current.get(id);
    if (!old) return;
    for (const key of keysOf(old)) if (owners.get(key) === id) owners.delete(key);
    current.delete(id);
  };
  const put = (account: CustomerAccount, id: number) => {
    forget(id);
    current.set(id, account);
    for (const key of keysOf(account)) owners.set(key, id);
    const at = firstAtOrAbove(createdIds, id);
    if (id >= datasetEnd && createdIds[at] !== id) createdIds.splice(at, 0, id);
    next = Math.max(next, id + 1);
  };
  const remove = (id: number) => {
    forget(id);
    const created = firstAtOrAbove(createdIds, id);
    if (createdIds[created] === id) createdIds.splice(created, 1);
    deleted.add(id);
    const index = dataset.indexOfId(id);
    if (index !== undefined) deletedIndexes.splice(firstAtOrAbove(deletedIndexes, index), 0, index);
  };

  if (durable) {
    for (const account of durable.restored.accounts) if (account.id !== undefined) put(account, account.id);
    for (const id of durable.restored.deletedIds) remove(id);
    next = Math.max(next, durable.restored.nextId ?? next);
  }

  const visibleInDataset = () => dataset.size - deletedIndexes.length;
  const generated = (index: number) => current.get(dataset.firstId + index) ?? dataset.account(index);

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
      into.push(generated(index));
    }
  }

  const generatedOwner = datasetOwners(dataset, uniqueKeys);

  return {
    tenantId,
    uniqueKeys,
    count: () => visibleInDataset() + createdIds.length,
    slice(start, end) {
      if (!Number.isSafeInteger(start) || start < 0)
        throw new RangeError(`start must be a non-negative integer (got ${start})`);
      const inDataset = visibleInDataset();
      const stop = Math.min(end, inDataset + createdIds.length);
      const page: CustomerAccount[] = [];
      if (start < inDataset) datasetSlice(start, Math.min(stop, inDataset), page);
      for (let position = Math.max(start, inDataset); position < stop; position++) {
        const account = current.get(createdIds[position - inDataset] ?? -1);
        if (account) page.push(account);
      }
      return page;
    },
    get(id) {
      if (deleted.has(id)) return undefined;
      const own = current.get(id);
      if (own) return own;
      const index = dataset.indexOfId(id);
      return index === undefined ? undefined : dataset.account(index);
    },
    *scan() {
      for (let i = 0; i < dataset.size; i++) {
        if (!deleted.has(dataset.firstId + i)) yield generated(i);
      }
      for (const id of createdIds) {
        const account = current.get(id);
        if (account) yield account;
      }
    },
    findUnique(value) {
      const key = value.toLowerCase();
      const own = owners.get(key);
      if (own !== undefined) return own;
      const id = generatedOwner(key);
      // A changed generated account answers for itself through `owners`; a deleted one is gone.
      return id !== undefined && !deleted.has(id) && !current.has(id) ? id : undefined;
    },
    nextId: () => next,
    commit(changes) {
      if (changes.length === 0) return;
      durable?.commit(changes);
      for (const change of changes) {
        if (change.kind === 'put') put(change.account, change.account.id);
        else remove(change.id);
      }
    },
  };
}

/**
 * Which generated account holds a unique-key value. The dataset inverts its own logins
 * (`loginFields`, emailAddress and userName) without a scan; any other unique key is indexed by
 * one scan of the dataset on first use.
 */
function datasetOwners(dataset: Dataset, uniqueKeys: readonly string[]): (key: string) => number | undefined {
  const inverted = uniqueKeys.some((key) => dataset.loginFields.includes(key));
  const others = uniqueKeys.filter((key) => !dataset.loginFields.includes(key));
  let index: Map<string, number> | undefined;
  const scanned = (key: string) => {
    if (!index) {
      index = new Map();
      for (let i = 0; i < dataset.size; i++) {
        const account = dataset.account(i) as Record<string, unknown>;
        for (const field of others) {
          const value = account[field];
          if (typeof value === 'string' && value !== '') index.set(value.toLowerCase(), dataset.firstId + i);
        }
      }
    }
    return index.get(key);
  };
  return (key) => {
    const found = inverted ? dataset.indexOfLogin(key) : undefined;
    if (found !== undefined) return dataset.firstId + found;
    return others.length > 0 ? scanned(key) : undefined;
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
