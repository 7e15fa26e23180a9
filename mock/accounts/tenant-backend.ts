import type { CustomerAccount } from './account-store.ts';
import type { LoginRecord } from './login-record.ts';

/** What a tenant's store keeps in memory whatever the backend: the id counter and the deletions. */
export interface TenantState {
  /** The next id to hand out, undefined when the tenant never created an account. */
  readonly next: number | undefined;
  /** Every deleted id, of the dataset or created, ascending. */
  readonly deleted: readonly number[];
}

/**
 * One request's writes, as a backend stores them (accounts serialized, unique values lower-cased).
 * `login` stores an account's sign-in record beside it (a password hash, failed attempts, held
 * refresh tokens); deleting the account deletes its record too.
 */
export interface StoredChange {
  readonly kind: 'put' | 'delete' | 'login';
  readonly id: number;
  /** The account (put) or its login record (login) as JSON. */
  readonly json?: string;
  /** Its unique-key values, lower-cased (put only): one namespace per tenant. */
  readonly uniqueValues?: readonly string[];
  /**
   * A put of a new account (an id at or past the tenant's counter): a backend other processes
   * write to refuses it when the id is taken, rather than overwrite an acknowledged account.
   */
  readonly created?: boolean;
}

/**
 * Where one tenant's created and changed accounts live: in memory, in SQLite (a data directory or
 * a spill file), or in a shared database. Reads are by id, so a backend never has to hold every
 * account in memory; the store above it does the paging.
 */
export interface TenantBackend {
  state(): Promise<TenantState>;
  /** The stored versions among these ids (created or changed accounts); missing ids have none. */
  read(ids: readonly number[]): Promise<ReadonlyMap<number, CustomerAccount>>;
  /** Which stored version holds each of these lower-cased unique values (values nobody holds are left out). */
  owners(values: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** The account's stored login record; undefined when it never had one (or it is unreadable). */
  login(id: number): Promise<LoginRecord | undefined>;
  /**
   * Stores one request's changes, all of them or (when it throws) none, and `next` as the new id
   * counter. A value another stored account holds makes it throw UniqueValueTaken, storing nothing.
   */
  commit(changes: readonly StoredChange[], next: number): Promise<void>;
  /** Forgets everything the tenant created, changed or deleted. */
  reset(): Promise<void>;
  /**
   * Present on a backend that several mock processes share (PostgreSQL): runs `work` as one
   * transaction that holds the tenant's write lock in every process, so what `work` checks (free
   * unique values, the next id) still holds when it commits, and every call of this backend made
   * by `work` is part of that transaction. A commit inside it is kept even when `work` throws
   * afterwards (a failed sign-in is counted, then refused), as a commit of the other backends is.
   * On such a backend state() answers what is stored now, on every call.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

/** A unique-key value already held by another account: the commit stored nothing. */
export class UniqueValueTaken extends Error {
  readonly value: string;
  constructor(value: string) {
    super(`the unique value "${value}" is taken`);
    this.name = 'UniqueValueTaken';
    this.value = value;
  }
}

/** Roughly what a tenant's stored changes weigh in memory, for the budget that decides a spill. */
export interface MemoryBackend extends TenantBackend {
  readonly bytes: number;
  /** Everything stored, to move into another backend when the budget is exceeded. */
  dump(): { state: TenantState; changes: StoredChange[] };
}

// On the safe side: a string costs two bytes a character in V8 unless all its characters are
// Latin-1 (then one), a map entry about a hundred bytes more. Measured on the document's example
// account, which is all ASCII: about 940 bytes of heap each, counted as 1,610.
const entryBytes = 100;

/** Accounts kept as JSON text (half the size of the objects, and ready to move or persist). */
export function createMemoryBackend(): MemoryBackend {
  const accounts = new Map<number, { json: string; values: readonly string[] }>();
  const logins = new Map<number, string>();
  const owners = new Map<string, number>();
  const deleted: number[] = [];
  let next: number | undefined;
  let bytes = 0;

  const forgetLogin = (id: number) => {
    const old = logins.get(id);
    if (old === undefined) return;
    bytes -= entryBytes + old.length * 2;
    logins.delete(id);
  };
  const forget = (id: number) => {
    forgetLogin(id);
    const old = accounts.get(id);
    if (!old) return;
    for (const value of old.values) {
      if (owners.get(value) === id) owners.delete(value);
      bytes -= entryBytes + value.length * 2;
    }
    bytes -= entryBytes + old.json.length * 2;
    accounts.delete(id);
  };

  return {
    get bytes() {
      return bytes;
    },
    state: () => Promise.resolve({ next, deleted: [...deleted] }),
    read(ids) {
      const found = new Map<number, CustomerAccount>();
      for (const id of ids) {
        const stored = accounts.get(id);
        if (stored) found.set(id, JSON.parse(stored.json) as CustomerAccount);
      }
      return Promise.resolve(found);
    },
    owners(values) {
      const found = new Map<string, number>();
      for (const value of values) {
        const id = owners.get(value);
        if (id !== undefined) found.set(value, id);
      }
      return Promise.resolve(found);
    },
    login(id) {
      const json = logins.get(id);
      return Promise.resolve(json === undefined ? undefined : (JSON.parse(json) as LoginRecord));
    },
    commit(changes, nextId) {
      // Checked before anything changes, so a taken value leaves the tenant as it was.
      // Values of the accounts this request rewrites are theirs to keep or give up; a login
      // change rewrites no account.
      const changing = new Set(changes.filter((c) => c.kind !== 'login').map((change) => change.id));
      const claimed = new Set<string>();
      for (const change of changes) {
        for (const value of change.uniqueValues ?? []) {
          const holder = owners.get(value);
          if (claimed.has(value) || (holder !== undefined && !changing.has(holder))) {
            return Promise.reject(new UniqueValueTaken(value));
          }
          claimed.add(value);
        }
      }
      for (const change of changes) {
        if (change.kind === 'login') {
          forgetLogin(change.id);
          const json = change.json ?? '{}';
          logins.set(change.id, json);
          bytes += entryBytes + json.length * 2;
          continue;
        }
        // A put replaces the account and keeps its login; a delete takes both.
        const login = change.kind === 'put' ? logins.get(change.id) : undefined;
        forget(change.id);
        if (login !== undefined) {
          logins.set(change.id, login);
          bytes += entryBytes + login.length * 2;
        }
        if (change.kind === 'delete') {
          deleted.splice(firstAtOrAbove(deleted, change.id), 0, change.id);
          bytes += 8;
          continue;
        }
        const values = change.uniqueValues ?? [];
        accounts.set(change.id, { json: change.json ?? '{}', values });
        bytes += entryBytes + (change.json ?? '').length * 2;
        for (const value of values) {
          owners.set(value, change.id);
          bytes += entryBytes + value.length * 2;
        }
      }
      next = nextId;
      return Promise.resolve();
    },
    reset() {
      accounts.clear();
      logins.clear();
      owners.clear();
      deleted.length = 0;
      next = undefined;
      bytes = 0;
      return Promise.resolve();
    },
    dump() {
      const changes: StoredChange[] = [
        ...[...accounts].map(([id, { json, values }]): StoredChange => ({
          kind: 'put',
          id,
          json,
          uniqueValues: values,
        })),
        // After the accounts: a put keeps the login it finds, so the move loses none.
        ...[...logins].map(([id, json]): StoredChange => ({ kind: 'login', id, json })),
      ];
      return { state: { next, deleted: [...deleted] }, changes };
    },
  };
}

/** Where `value` sits or would be inserted in an ascending array. */
export function firstAtOrAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
