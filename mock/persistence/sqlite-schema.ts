import type { DatabaseSync } from 'node:sqlite';
import type { DatasetIdentity } from '../accounts/storage.ts';
import { inTransaction } from './in-transaction.ts';

/** Bumped when the tables change; each version has a migration from the one before. */
export const schemaVersion = 3;

// STRICT makes SQLite check the column types, so reads can trust them.
const version1 = `
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

// Version 2: unique-key values get their own index, so a lookup never loads the accounts.
const version2 = `
  CREATE TABLE unique_values (
    tenant_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, value)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX unique_values_by_id ON unique_values (tenant_id, id);
`;

// Version 3: each account's sign-in record (password hash, failed attempts, held refresh tokens).
const version3 = `
  CREATE TABLE logins (
    tenant_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) STRICT;
`;

export interface SchemaOptions {
  /** The dataset a data directory belongs to; a spill file has none to check. */
  readonly identity?: DatasetIdentity;
  /** Names the file in messages (the data dir). */
  readonly where: string;
  /** `x-unique-keys` of the account schema: what a migration indexes. */
  readonly uniqueKeys: readonly string[];
  /** Hears about records a migration had to leave out. */
  readonly log?: (line: string) => void;
  /** A longer record is left out of a migration unread, as the storage never serves one. */
  readonly maxRecordBytes?: number;
}

/**
 * Creates the tables of a new file, migrates an older one (in one transaction), or checks that an
 * existing one has this schema and was made on the same dataset: created ids follow the dataset's
 * last id and deletions name dataset ids, so on another seed or size they would point at other
 * people.
 */
export function prepareSchema(db: DatabaseSync, options: SchemaOptions): void {
  const { identity, where } = options;
  inTransaction(db, () => {
    const version = db.prepare('PRAGMA user_version').get()?.user_version as number;
    if (version === 0) {
      db.exec(version1);
      db.prepare('INSERT INTO meta (only, seed, accounts) VALUES (1, ?, ?)').run(
        identity?.seed ?? 0,
        identity?.accounts ?? 0,
      );
    }
    if (version > schemaVersion) {
      throw new Error(
        `The data dir ${where} was written with storage version ${version}; this mock reads up to version ${schemaVersion}. Use another --data-dir, or delete ${where} to start over.`,
      );
    }
    if (version < 2) migrateTo2(db, options);
    if (version < 3) db.exec(version3);
    db.exec(`PRAGMA user_version = ${schemaVersion}`);
    if (!identity) return;
    const stored = db.prepare('SELECT seed, accounts FROM meta').get() as DatasetIdentity | undefined;
    if (!stored) throw new Error(`The data dir ${where} has no dataset identity; delete it to start over`);
    if (version !== 0 && (stored.seed !== identity.seed || stored.accounts !== identity.accounts)) {
      throw new Error(
        `The data dir ${where} holds accounts made on the dataset --seed ${stored.seed} --accounts ${stored.accounts}, ` +
          `but this run uses --seed ${identity.seed} --accounts ${identity.accounts}. ` +
          `Their ids only make sense on their own dataset: start with --seed ${stored.seed} --accounts ${stored.accounts}, ` +
          `use another --data-dir, or delete ${where} to start over.`,
      );
    }
  });
}

/** Indexes the unique values of every stored account; an unreadable record is left out and said. */
function migrateTo2(db: DatabaseSync, options: SchemaOptions): void {
  db.exec(version2);
  const insert = db.prepare('INSERT OR IGNORE INTO unique_values (tenant_id, value, id) VALUES (?, ?, ?)');
  const rows = db.prepare(
    'SELECT tenant_id, id, CASE WHEN octet_length(json) <= ? THEN json END AS json FROM accounts',
  );
  for (const row of rows.iterate(options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER)) {
    const what = `data dir ${options.where}: account ${String(row.id)} of tenant ${String(row.tenant_id)}`;
    if (row.json === null) {
      options.log?.(`${what} is larger than any account this mock writes; not indexed`);
      continue;
    }
    let account: Record<string, unknown>;
    try {
      account = JSON.parse(row.json as string) as Record<string, unknown>;
    } catch {
      options.log?.(`${what} is not readable JSON; not indexed`);
      continue;
    }
    for (const key of options.uniqueKeys) {
      const value = account[key];
      if (typeof value === 'string' && value !== '') {
        insert.run(row.tenant_id as number, value.toLowerCase(), row.id as number);
      }
    }
  }
}
