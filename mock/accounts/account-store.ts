import type { Dataset } from '../../dataset/create-dataset.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { LoginRecord } from './login-record.ts';
import { firstAtOrAbove, type StoredChange, type TenantBackend } from './tenant-backend.ts';

export type CustomerAccount = components['schemas']['CustomerAccount'];

/**
 * What a request does to a tenant's accounts. A `put` of an id the tenant does not have creates
 * the account; of one it has, replaces it (a changed generated account shadows its original).
 */
export type AccountChange =
  | { readonly kind: 'put'; readonly account: CustomerAccount & { readonly id: number } }
  | { readonly kind: 'delete'; readonly id: number }
  | { readonly kind: 'login'; readonly id: number; readonly record: LoginRecord };

/**
 * One tenant's accounts: a generated dataset (account i is computed from (seed, i) on demand and
 * costs no memory) under what was created, changed or deleted, kept by a backend. Ids of the
 * dataset come first and created accounts get the ids after it, so the tenant's ids are one
 * range [firstId, next) less its deletions: "id order" is dataset order then creation order, and
 * position k is found with a binary search over the deletions, at the same cost at any depth.
 */
export interface TenantStore {
  readonly tenantId: number;
  /** The fields whose values are one namespace, unique per tenant case-insensitively (`x-unique-keys`). */
  readonly uniqueKeys: readonly string[];
  /** Visible accounts (dataset minus deleted, plus created). */
  count(): Promise<number>;
  /** The visible accounts at positions start … end-1 in id order (end is capped at count()). */
  slice(start: number, end: number): Promise<CustomerAccount[]>;
  get(id: number): Promise<CustomerAccount | undefined>;
  /** Every visible account in id order; a full scan, for filters and sorts. */
  scan(): AsyncIterable<CustomerAccount>;
  /** Which visible account holds this value in one of its unique keys, case-insensitively. */
  findUnique(value: string): Promise<number | undefined>;
  /**
   * The sign-in record stored for a visible account; undefined when it has none yet (a generated
   * account nobody signed in as signs in with the dataset's password).
   */
  login(id: number): Promise<LoginRecord | undefined>;
  /** The generated password of a dataset account (by id), if the id is the dataset's. */
  generatedPassword(id: number): string | undefined;
  /** The id the next created account gets; stable inside write(). */
  nextId(): Promise<number>;
  /**
   * Runs `work` alone among this tenant's writers (reads go on meanwhile), so what it checks
   * (free unique values, the next id) still holds when it commits.
   */
  write<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Applies one request's changes: stored by the backend in one commit first, then visible, all
   * of them or, when the commit throws, none. Call it inside write().
   */
  commit(changes: readonly AccountChange[]): Promise<void>;
}

export interface StoreOptions {
  /** `x-unique-keys` of the account schema, from the plan. */
  readonly uniqueKeys: readonly string[];
  readonly backend: TenantBackend;
}

/** How many accounts a scan reads from the backend at a time. */
const scanChunk = 500;

export function createTenantStore(tenantId: number, dataset: Dataset, options: StoreOptions): TenantStore {
  const { uniqueKeys, backend } = options;
  const datasetEnd = dataset.firstId + dataset.size;
  let next = datasetEnd;
  /** Every deleted id, ascending, and the same as a set. */
  let deleted: number[] = [];
  let deletedSet = new Set<number>();
  let loaded: Promise<void> | undefined;
  let writing: Promise<unknown> = Promise.resolve();

  const ready = () =>
    (loaded ??= backend.state().then((state) => {
      next = Math.max(datasetEnd, state.next ?? datasetEnd);
      deleted = [...state.deleted].sort((a, b) => a - b);
      deletedSet = new Set(deleted);
    }));

  const count = () => next - dataset.firstId - deleted.length;

  /**
   * The ids at positions start … end-1. The m-th deleted id d has (d - firstId) - m visible ids
   * before it, a count that never decreases with m, so the first position bisects.
   */
  function idsAt(start: number, end: number): number[] {
    let low = 0;
    let high = deleted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((deleted[middle] ?? 0) - dataset.firstId - middle <= start) low = middle + 1;
      else high = middle;
    }
    let gone = low;
    let id = dataset.firstId + start + gone;
    const ids: number[] = [];
    for (let position = start; position < end; position++, id++) {
      while (deleted[gone] === id) {
        gone++;
        id++;
      }
      ids.push(id);
    }
    return ids;
  }

  async function accountsOf(ids: readonly number[]): Promise<CustomerAccount[]> {
    const stored = await backend.read(ids);
    const accounts: CustomerAccount[] = [];
    for (const id of ids) {
      const own = stored.get(id);
      if (own) accounts.push(own);
      else if (id < datasetEnd) accounts.push(dataset.account(id - dataset.firstId));
    }
    return accounts;
  }

  // One namespace: an email that is also the userName is one value.
  const keysOf = (account: CustomerAccount) => [
    ...new Set(
      uniqueKeys
        .map((key) => (account as Record<string, unknown>)[key])
        .filter((v): v is string => typeof v === 'string' && v !== '')
        .map((v) => v.toLowerCase()),
    ),
  ];

  const generatedOwner = datasetOwners(dataset, uniqueKeys);

  const store: TenantStore = {
    tenantId,
    uniqueKeys,
    async count() {
      await ready();
      return count();
    },
    async slice(start, end) {
      if (!Number.isSafeInteger(start) || start < 0)
        throw new RangeError(`start must be a non-negative integer (got ${start})`);
      await ready();
      const stop = Math.min(end, count());
      return stop <= start ? [] : accountsOf(idsAt(start, stop));
    },
    async get(id) {
      await ready();
      if (!Number.isSafeInteger(id) || id < dataset.firstId || id >= next || deletedSet.has(id))
        return undefined;
      const [account] = await accountsOf([id]);
      return account;
    },
    async *scan() {
      await ready();
      for (let start = 0; start < count(); start += scanChunk) {
        yield* await store.slice(start, start + scanChunk);
      }
    },
    async findUnique(value) {
      await ready();
      const key = value.toLowerCase();
      const own = await backend.owner(key);
      if (own !== undefined) return own;
      const id = generatedOwner(key);
      if (id === undefined || deletedSet.has(id)) return undefined;
      // A changed generated account answers for itself through its stored version.
      return (await backend.read([id])).has(id) ? undefined : id;
    },
    async login(id) {
      await ready();
      if (!Number.isSafeInteger(id) || id < dataset.firstId || id >= next || deletedSet.has(id))
        return undefined;
      return backend.login(id);
    },
    generatedPassword(id) {
      const index = dataset.indexOfId(id);
      return index === undefined ? undefined : dataset.password(index);
    },
    async nextId() {
      await ready();
      return next;
    },
    write(work) {
      const run = writing.then(work, work);
      writing = run.catch(() => undefined);
      return run;
    },
    async commit(changes) {
      await ready();
      if (changes.length === 0) return;
      const stored: StoredChange[] = [];
      let after = next;
      for (const change of changes) {
        if (change.kind === 'delete') {
          if (!deletedSet.has(change.id)) stored.push({ kind: 'delete', id: change.id });
          continue;
        }
        if (change.kind === 'login') {
          stored.push({ kind: 'login', id: change.id, json: JSON.stringify(change.record) });
          continue;
        }
        const { account } = change;
        stored.push({
          kind: 'put',
          id: account.id,
          json: JSON.stringify(account),
          uniqueValues: keysOf(account),
        });
        after = Math.max(after, account.id + 1);
      }
      await backend.commit(stored, after);
      next = after;
      for (const change of stored) {
        if (change.kind !== 'delete') continue;
        deleted.splice(firstAtOrAbove(deleted, change.id), 0, change.id);
        deletedSet.add(change.id);
      }
    },
  };
  return store;
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
