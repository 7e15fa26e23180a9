import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CustomerAccount } from '../accounts/account-store.ts';
import type { AccountPersistence, DatasetIdentity, TenantOverlay } from './account-persistence.ts';
import { inTransaction } from './in-transaction.ts';
import { prepareSchema } from './sqlite-schema.ts';

export const databaseFileName = 'accounts.sqlite';

const sqliteBusy = 5;

/**
 * Keeps tenants' overlays in `accounts.sqlite` under `dataDir` (created if missing): one row of
 * JSON per created or changed account, one row per deleted id, one transaction per request.
 */
export function openSqlitePersistence(dataDir: string, identity: DatasetIdentity): AccountPersistence {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, databaseFileName));
  try {
    configure(db);
    prepareSchema(db, identity, dataDir);
  } catch (error) {
    db.close();
    if (errcodeOf(error) === sqliteBusy) {
      throw new Error(
        `The data dir ${dataDir} is in use by another process (another mock with this --data-dir?); stop it or choose another --data-dir`,
        { cause: error },
      );
    }
    throw error;
  }

  const putAccount = db.prepare(
    `INSERT INTO accounts (tenant_id, id, json) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json`,
  );
  const advanceNextId = db.prepare(
    `INSERT INTO tenants (tenant_id, next_id) VALUES (?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET next_id = max(next_id, excluded.next_id)`,
  );
  const removeAccount = db.prepare('DELETE FROM accounts WHERE tenant_id = ? AND id = ?');
  const insertDeletion = db.prepare('INSERT OR IGNORE INTO deletions (tenant_id, id) VALUES (?, ?)');
  const selectAccounts = db.prepare('SELECT json FROM accounts WHERE tenant_id = ? ORDER BY id');
  const selectDeleted = db.prepare('SELECT id FROM deletions WHERE tenant_id = ? ORDER BY id');
  const selectNextId = db.prepare('SELECT next_id FROM tenants WHERE tenant_id = ?');
  const forget = ['accounts', 'deletions', 'tenants'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE tenant_id = ?`),
  );

  return {
    load(tenantId): TenantOverlay {
      // STRICT columns guarantee the types the casts claim.
      return {
        accounts: selectAccounts
          .all(tenantId)
          .map((row) => JSON.parse(row.json as string) as CustomerAccount),
        deletedIds: selectDeleted.all(tenantId).map((row) => row.id as number),
        nextId: selectNextId.get(tenantId)?.next_id as number | undefined,
      };
    },
    commit(tenantId, changes) {
      if (changes.length === 0) return;
      // Checked and serialized before BEGIN: an account without an id throws before any write.
      const rows = changes.map((change, i) =>
        change.kind === 'put'
          ? { kind: change.kind, id: idOf(change.account, i), json: JSON.stringify(change.account) }
          : { kind: change.kind, id: change.id, json: '' },
      );
      const nextId = rows.reduce((next, row) => (row.kind === 'put' ? Math.max(next, row.id + 1) : next), 0);
      inTransaction(db, () => {
        for (const row of rows) {
          if (row.kind === 'put') putAccount.run(tenantId, row.id, row.json);
          else {
            // A deleted account leaves no data behind, only its id.
            removeAccount.run(tenantId, row.id);
            insertDeletion.run(tenantId, row.id);
          }
        }
        if (nextId > 0) advanceNextId.run(tenantId, nextId);
      });
    },
    resetTenant(tenantId) {
      inTransaction(db, () => forget.forEach((statement) => statement.run(tenantId)));
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}

/**
 * EXCLUSIVE locking (set before WAL) holds the file's lock for the connection's life: a second
 * mock on the same data dir fails at start instead of handing out the same ids. It also keeps
 * the WAL index in memory, so no -shm file is made.
 *
 * synchronous=NORMAL: in WAL mode COMMIT returns once the batch's frames and commit record are
 * written to the -wal file, only the fsync is left to checkpoints. Written data lives in the
 * kernel's page cache, which a killed process (SIGTERM, SIGKILL, a crash) does not take with it, so
 * every batch that got its 200 survives, and a torn last write has no commit record and is
 * ignored on recovery. Only a kernel crash or power loss could drop the latest batches (never half
 * of one). FULL would fsync at every commit: measured 3–4 ms instead of 0.2 ms for 10 accounts,
 * with the whole event loop waiting, as node:sqlite is synchronous.
 */
function configure(db: DatabaseSync): void {
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.journal_mode;
  if (mode !== 'wal') throw new Error(`SQLite could not use WAL journaling here (got ${String(mode)})`);
  db.exec('PRAGMA synchronous = NORMAL');
}

function idOf(account: CustomerAccount, index: number): number {
  if (!Number.isSafeInteger(account.id)) {
    throw new TypeError(
      `changes[${index}] has no integer id (got ${String(account.id)}); ids are assigned before storing`,
    );
  }
  return account.id as number;
}

function errcodeOf(error: unknown): unknown {
  return error instanceof Error && 'errcode' in error ? error.errcode : undefined;
}
