import type { DatabaseSync } from 'node:sqlite';
import type { DatasetIdentity } from './account-persistence.ts';
import { inTransaction } from './in-transaction.ts';

/** Bumped when the tables change; a file of another version is refused rather than misread. */
export const schemaVersion = 1;

// STRICT makes SQLite check the column types, so reads can trust them.
const tables = `
  CREATE TABLE meta (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    seed INTEGER NOT NULL,
    accounts INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE accounts (
    tenant_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) STRICT;
  CREATE TABLE deletions (
    tenant_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE tenants (
    tenant_id INTEGER PRIMARY KEY,
    next_id INTEGER NOT NULL
  ) STRICT;
`;

/**
 * Creates the tables of a new file, or checks that an existing one has this schema and was made
 * on the same dataset: created ids follow the dataset's last id and deletions name dataset ids,
 * so on another seed or size they would point at other people.
 */
export function prepareSchema(db: DatabaseSync, identity: DatasetIdentity, dataDir: string): void {
  inTransaction(db, () => {
    const version = db.prepare('PRAGMA user_version').get()?.user_version as number;
    if (version === 0) {
      db.exec(tables);
      db.prepare('INSERT INTO meta (only, seed, accounts) VALUES (1, ?, ?)').run(
        identity.seed,
        identity.accounts,
      );
      db.exec(`PRAGMA user_version = ${schemaVersion}`);
      return;
    }
    if (version !== schemaVersion) {
      throw new Error(
        `The data dir ${dataDir} was written with storage version ${version}; this mock reads version ${schemaVersion}. Use another --data-dir, or delete ${dataDir} to start over.`,
      );
    }
    const stored = db.prepare('SELECT seed, accounts FROM meta').get() as DatasetIdentity | undefined;
    if (!stored) throw new Error(`The data dir ${dataDir} has no dataset identity; delete it to start over`);
    if (stored.seed !== identity.seed || stored.accounts !== identity.accounts) {
      throw new Error(
        `The data dir ${dataDir} holds accounts made on the dataset --seed ${stored.seed} --accounts ${stored.accounts}, ` +
          `but this run uses --seed ${identity.seed} --accounts ${identity.accounts}. ` +
          `Their ids only make sense on their own dataset: start with --seed ${stored.seed} --accounts ${stored.accounts}, ` +
          `use another --data-dir, or delete ${dataDir} to start over.`,
      );
    }
  });
}
