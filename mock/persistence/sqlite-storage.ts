import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CustomerAccount } from '../accounts/account-store.ts';
import type { DatasetIdentity, Storage } from '../accounts/storage.ts';
import type { LoginRecord } from '../accounts/login-record.ts';
import { UniqueValueTaken, type TenantBackend } from '../accounts/tenant-backend.ts';
import { inTransaction } from './in-transaction.ts';
import { prepareSchema } from './sqlite-schema.ts';
import { saidOnce } from './said-once.ts';

export const databaseFileName = 'accounts.sqlite';

const sqliteBusy = 5;

export interface SqliteStorageOptions {
  /** The dataset a data directory belongs to (checked on open); none for a spill file. */
  readonly identity?: DatasetIdentity;
  /** `x-unique-keys` of the account schema. */
  readonly uniqueKeys: readonly string[];
  /** A spill file: deleted with its WAL when the storage closes. */
  readonly temporary?: boolean;
  /** Where unreadable records are reported; never a reason to stop. */
  readonly log?: (line: string) => void;
  /** A record longer than this (in bytes) is skipped, never loaded: the mock writes none. */
  readonly maxRecordBytes?: number;
}

/**
 * Tenants' changes in one SQLite file (node:sqlite): one row of JSON per created or changed
 * account, one per deleted id, one per unique-key value, one transaction per request. Nothing is
 * loaded at start: accounts are read by id when a request needs them, so a data directory of any
 * size opens at once, and a record that no longer parses is skipped with a log line.
 */
export function openSqliteStorage(file: string, options: SqliteStorageOptions): Storage {
  mkdirSync(dirname(file), { recursive: true });
  const where = options.temporary ? file : dirname(file);
  const db = new DatabaseSync(file);
  try {
    if (options.temporary) configureSpill(db);
    else configure(db);
    prepareSchema(db, {
      identity: options.identity,
      where,
      uniqueKeys: options.uniqueKeys,
      log: options.log,
      maxRecordBytes: options.maxRecordBytes,
    });
  } catch (error) {
    db.close();
    if (errcodeOf(error) === sqliteBusy) {
      throw new Error(
        `The data dir ${where} is in use by another process (another mock with this --data-dir?); stop it or choose another --data-dir`,
        { cause: error },
      );
    }
    throw error;
  }

  const statements = {
    next: db.prepare('SELECT next_id FROM tenants WHERE tenant_id = ?'),
    deleted: db.prepare('SELECT id FROM deletions WHERE tenant_id = ? ORDER BY id'),
    // One statement for any number of ids: they travel as one JSON array. octet_length() comes
    // from the record's header, so an oversized record is measured without being read.
    read: db.prepare(
      `SELECT id, octet_length(json) AS bytes, CASE WHEN octet_length(json) <= ? THEN json END AS json
       FROM accounts WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))`,
    ),
    owner: db.prepare('SELECT id FROM unique_values WHERE tenant_id = ? AND value = ?'),
    owners: db.prepare(
      'SELECT value, id FROM unique_values WHERE tenant_id = ? AND value IN (SELECT value FROM json_each(?))',
    ),
    put: db.prepare(
      `INSERT INTO accounts (tenant_id, id, json) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json`,
    ),
    removeAccount: db.prepare('DELETE FROM accounts WHERE tenant_id = ? AND id = ?'),
    login: db.prepare(
      `SELECT octet_length(json) AS bytes, CASE WHEN octet_length(json) <= ? THEN json END AS json
       FROM logins WHERE tenant_id = ? AND id = ?`,
    ),
    putLogin: db.prepare(
      `INSERT INTO logins (tenant_id, id, json) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json`,
    ),
    removeLogin: db.prepare('DELETE FROM logins WHERE tenant_id = ? AND id = ?'),
    removeValues: db.prepare('DELETE FROM unique_values WHERE tenant_id = ? AND id = ?'),
    addValue: db.prepare('INSERT INTO unique_values (tenant_id, value, id) VALUES (?, ?, ?)'),
    addDeletion: db.prepare('INSERT OR IGNORE INTO deletions (tenant_id, id) VALUES (?, ?)'),
    advance: db.prepare(
      `INSERT INTO tenants (tenant_id, next_id) VALUES (?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET next_id = max(next_id, excluded.next_id)`,
    ),
  };
  const forget = ['accounts', 'deletions', 'tenants', 'unique_values', 'logins'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE tenant_id = ?`),
  );
  const say = saidOnce(options.log);
  /** A record skipped, said once: one that no longer parses, or one larger than the mock writes. */
  const skip = (what: string, tenantId: number, id: number, why: string) =>
    say(
      `${what}:${tenantId}:${id}`,
      `data dir ${where}: ${what} ${id} of tenant ${tenantId} ${why}; skipped`,
    );
  const parsed = <T>(json: unknown, what: string, tenantId: number, id: number): T | undefined => {
    try {
      return JSON.parse(json as string) as T;
    } catch {
      skip(what, tenantId, id, 'is not readable JSON');
      return undefined;
    }
  };
  const maxRecordBytes = options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER;
  let closed = false;

  const backend = (tenantId: number): TenantBackend => ({
    state: () =>
      Promise.resolve({
        next: statements.next.get(tenantId)?.next_id as number | undefined,
        deleted: statements.deleted.all(tenantId).map((row) => row.id as number),
      }),
    read(ids) {
      const found = new Map<number, CustomerAccount>();
      if (ids.length === 0) return Promise.resolve(found);
      for (const row of statements.read.all(maxRecordBytes, tenantId, JSON.stringify(ids))) {
        const id = row.id as number;
        if (row.json === null) {
          skip(
            'account',
            tenantId,
            id,
            `is ${String(row.bytes)} bytes, more than any account this mock writes (${maxRecordBytes})`,
          );
          continue;
        }
        const account = parsed<CustomerAccount>(row.json, 'account', tenantId, id);
        if (account) found.set(id, account);
      }
      return Promise.resolve(found);
    },
    login(id) {
      const row = statements.login.get(maxRecordBytes, tenantId, id);
      if (row && row.json === null) {
        skip(
          'login of account',
          tenantId,
          id,
          `is ${String(row.bytes)} bytes, more than any login this mock writes`,
        );
        return Promise.resolve(undefined);
      }
      return Promise.resolve(
        row ? parsed<LoginRecord>(row.json, 'login of account', tenantId, id) : undefined,
      );
    },
    owners(values) {
      const found = new Map<string, number>();
      if (values.length === 0) return Promise.resolve(found);
      for (const row of statements.owners.all(tenantId, JSON.stringify(values))) {
        found.set(row.value as string, row.id as number);
      }
      return Promise.resolve(found);
    },
    commit(changes, next) {
      try {
        inTransaction(db, () => {
          // Every value the changed ids held is freed first; a value still held after that
          // belongs to another account (or to two accounts of this request).
          for (const change of changes) {
            if (change.kind !== 'login') statements.removeValues.run(tenantId, change.id);
          }
          for (const change of changes) {
            if (change.kind === 'login') {
              statements.putLogin.run(tenantId, change.id, change.json ?? '{}');
              continue;
            }
            if (change.kind === 'delete') {
              // A deleted account leaves no data behind, only its id.
              statements.removeAccount.run(tenantId, change.id);
              statements.removeLogin.run(tenantId, change.id);
              statements.addDeletion.run(tenantId, change.id);
              continue;
            }
            statements.put.run(tenantId, change.id, change.json ?? '{}');
            for (const value of change.uniqueValues ?? []) {
              if (statements.owner.get(tenantId, value) !== undefined) throw new UniqueValueTaken(value);
              statements.addValue.run(tenantId, value, change.id);
            }
          }
          statements.advance.run(tenantId, next);
        });
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    reset() {
      inTransaction(db, () => forget.forEach((statement) => statement.run(tenantId)));
      return Promise.resolve();
    },
  });

  return {
    backend,
    close() {
      if (closed) return;
      closed = true;
      if (db.isOpen) db.close();
      if (options.temporary)
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

/**
 * EXCLUSIVE locking (set before WAL) holds the file's lock for the connection's life: a second
 * mock on the same data dir fails at start instead of handing out the same ids. It also keeps
 * the WAL index in memory, so no -shm file is made.
 *
 * synchronous=NORMAL: in WAL mode COMMIT returns once the request's frames and commit record are
 * written to the -wal file, only the fsync is left to checkpoints. Written data lives in the
 * kernel's page cache, which a killed process (SIGTERM, SIGKILL, a crash) does not take with it, so
 * every request that got its 2xx survives, and a torn last write has no commit record and is
 * ignored on recovery. Only a kernel crash or power loss could drop the latest writes (never half
 * of one). FULL would fsync at every commit: measured 3–4 ms instead of 0.2 ms for 10 accounts,
 * with the whole event loop waiting, as node:sqlite is synchronous.
 */
function configure(db: DatabaseSync): void {
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.journal_mode;
  if (mode !== 'wal') throw new Error(`SQLite could not use WAL journaling here (got ${String(mode)})`);
  db.exec('PRAGMA synchronous = NORMAL');
}

/**
 * A spill file lives as long as the process and is deleted with it, so there is nothing to
 * recover after a crash: no fsync at all (synchronous=OFF) and the rollback journal in memory
 * (journal_mode=MEMORY; a refused batch still rolls back whole, which OFF would not promise).
 * EXCLUSIVE locking spares a lock call per transaction.
 */
function configureSpill(db: DatabaseSync): void {
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  db.exec('PRAGMA journal_mode = MEMORY');
  db.exec('PRAGMA synchronous = OFF');
}

function errcodeOf(error: unknown): unknown {
  return error instanceof Error && 'errcode' in error ? error.errcode : undefined;
}
