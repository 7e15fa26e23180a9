import type { Dataset } from '../../dataset/create-dataset.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { LoginRecord } from './login-record.ts';
import { conflict } from '../http/error-catalogue.ts';
import {
  firstAtOrAbove,
  UniqueValueTaken,
  type StoredChange,
  type TenantBackend,
  type TenantState,
} from './tenant-backend.ts';

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
  /** findUnique for many values at once, by lower-cased value (values nobody holds are left out). */
  findUniques(values: readonly string[]): Promise<ReadonlyMap<string, number>>;
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
  // A backend of one process is read once and then kept up to date by this store's own commits; a
  // shared one (other processes write to it too) is asked on every call, so what any process
  // acknowledged is served here at once.
  const shared = backend.exclusive !== undefined;
  let kept: Promise<Snapshot> | undefined;
  let last: { readonly deleted: readonly number[]; readonly snapshot: Snapshot } | undefined;
  let writing: Promise<unknown> = Promise.resolve();

  const snapshotOf = (state: TenantState): Snapshot => {
    const next = Math.max(datasetEnd, state.next ?? datasetEnd);
    // A shared backend answers the same deletions array while they have not changed: sorted once.
    if (last?.deleted === state.deleted) return { ...last.snapshot, next };
    const deleted = [...state.deleted].sort((a, b) => a - b);
    const snapshot = { next, deleted, deletedSet: new Set(deleted) };
    last = { deleted: state.deleted, snapshot };
    return snapshot;
  };
  const ready = (): Promise<Snapshot> =>
    shared ? backend.state().then(snapshotOf) : (kept ??= backend.state().then(snapshotOf));

  const count = (s: Snapshot) => s.next - dataset.firstId - s.deleted.length;
  const visible = (s: Snapshot, id: number) =>
    Number.isSafeInteger(id) && id >= dataset.firstId && id < s.next && !s.deletedSet.has(id);

  /**
   * The ids at positions start … end-1. The m-th deleted id d has (d - firstId) - m visible ids
   * before it, a count that never decreases with m, so the first position bisects.
   */
  function idsAt({ deleted }: Snapshot, start: number, end: number): number[] {
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
      return count(await ready());
    },
    async slice(start, end) {
      if (!Number.isSafeInteger(start) || start < 0)
        throw new RangeError(`start must be a non-negative integer (got ${start})`);
      const snapshot = await ready();
      const stop = Math.min(end, count(snapshot));
      return stop <= start ? [] : accountsOf(idsAt(snapshot, start, stop));
    },
    async get(id) {
      if (!visible(await ready(), id)) return undefined;
      const [account] = await accountsOf([id]);
      return account;
    },
    async *scan() {
      // One view of the tenant for the whole scan, so a page is never counted twice or skipped.
      const snapshot = await ready();
      for (let start = 0; start < count(snapshot); start += scanChunk) {
        yield* await accountsOf(idsAt(snapshot, start, Math.min(start + scanChunk, count(snapshot))));
      }
    },
    async findUnique(value) {
      return (await store.findUniques([value])).get(value.toLowerCase());
    },
    async findUniques(values) {
      const snapshot = await ready();
      const keys = [...new Set(values.map((value) => value.toLowerCase()))];
      const found = new Map(await backend.owners(keys));
      // A changed generated account answers for itself through its stored version.
      const generated = new Map<string, number>();
      for (const key of keys) {
        const id = found.has(key) ? undefined : generatedOwner(key);
        if (id !== undefined && !snapshot.deletedSet.has(id)) generated.set(key, id);
      }
      if (generated.size > 0) {
        const changed = await backend.read([...new Set(generated.values())]);
        for (const [key, id] of generated) if (!changed.has(id)) found.set(key, id);
      }
      return found;
    },
    async login(id) {
      if (!visible(await ready(), id)) return undefined;
      return backend.login(id);
    },
    generatedPassword(id) {
      const index = dataset.indexOfId(id);
      return index === undefined ? undefined : dataset.password(index);
    },
    async nextId() {
      return (await ready()).next;
    },
    write(work) {
      // In one process writers queue here; a shared backend also locks the tenant in every process.
      const locked = backend.exclusive ? () => backend.exclusive!(work) : work;
      const run = writing.then(locked, locked);
      writing = run.catch(() => undefined);
      return run;
    },
    async commit(changes) {
      const snapshot = await ready();
      if (changes.length === 0) return;
      const stored: StoredChange[] = [];
      let after = snapshot.next;
      for (const change of changes) {
        if (change.kind === 'delete') {
          if (!snapshot.deletedSet.has(change.id)) stored.push({ kind: 'delete', id: change.id });
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
          created: account.id >= snapshot.next,
        });
        after = Math.max(after, account.id + 1);
      }
      try {
        await backend.commit(stored, after);
      } catch (error) {
        // The checks under the write lock keep this from happening; should a value be taken all
        // the same (another writer of a shared store), the request is refused, never a 500.
        if (error instanceof UniqueValueTaken) {
          throw conflict(`"${error.value}" is already used by another account; nothing was changed`);
        }
        throw error;
      }
      if (shared) return;
      // The kept view follows this store's own commits (no other process writes to its backend).
      snapshot.next = after;
      for (const change of stored) {
        if (change.kind !== 'delete') continue;
        snapshot.deleted.splice(firstAtOrAbove(snapshot.deleted, change.id), 0, change.id);
        snapshot.deletedSet.add(change.id);
      }
    },
  };
  return store;
}

/**
 * The tenant's ids as one view: the dataset's and the created ones up to `next`, less the
 * deletions. A shared backend's is made afresh for each call; a backend of one process keeps one,
 * which its store's commits update.
 */
interface Snapshot {
  next: number;
  /** Ascending. */
  readonly deleted: number[];
  readonly deletedSet: Set<number>;
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
