import type { Pool } from 'pg';
import type { DatasetIdentity } from '../accounts/storage.ts';

/** Where the mock's tables live in the database it is given, apart from anything else there. */
export const schema = 'kibo_mock';

/**
 * The schema's versions, in order: version n is `migrations[n - 1]`. A change to the tables is a
 * new entry here, never an edit of a shipped one: replicas and databases of older releases
 * migrate by applying what they lack.
 */
export const migrations: readonly string[] = [
  // 1: the changes over the generated dataset, as SQLite keeps them (mock/persistence/sqlite-schema.ts).
  `
  CREATE TABLE ${schema}.meta (
    id integer PRIMARY KEY CHECK (id = 1),
    seed bigint NOT NULL,
    accounts bigint NOT NULL
  );
  -- next_id: the tenant's id counter, advanced in each request's transaction under the tenant's
  -- lock, so no two replicas hand out one id and a refused batch leaves no gap.
  -- deletions_version: drawn from a sequence whenever the tenant's deletions change, so a replica
  -- re-reads them only then.
  CREATE TABLE ${schema}.tenants (
    tenant_id bigint PRIMARY KEY,
    next_id bigint NOT NULL,
    deletions_version bigint NOT NULL
  );
  CREATE SEQUENCE ${schema}.deletions_versions;
  CREATE TABLE ${schema}.accounts (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    json text NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  -- emailAddress and userName (the document's x-unique-keys) are one namespace per tenant,
  -- compared case-insensitively: one row per value, and the index refuses a second holder.
  CREATE TABLE ${schema}.unique_values (
    tenant_id bigint NOT NULL,
    value text NOT NULL,
    id bigint NOT NULL,
    FOREIGN KEY (tenant_id, id) REFERENCES ${schema}.accounts ON DELETE CASCADE
  );
  CREATE UNIQUE INDEX unique_values_per_tenant ON ${schema}.unique_values (tenant_id, lower(value));
  CREATE INDEX unique_values_by_id ON ${schema}.unique_values (tenant_id, id);
  CREATE TABLE ${schema}.deletions (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE ${schema}.logins (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    json text NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  `,
  // 2: the outbox (what the mock would have e-mailed), shared so any replica shows a reset's code.
  `
  CREATE TABLE ${schema}.outbox (
    seq bigserial PRIMARY KEY,
    tenant_id bigint NOT NULL,
    message text NOT NULL
  );
  `,
  // 3: the scenario every replica serves, once one was switched to through the admin API.
  `
  ALTER TABLE ${schema}.meta ADD COLUMN switched boolean NOT NULL DEFAULT false;
  ALTER TABLE ${schema}.meta ADD COLUMN scenario text;
  -- Names each switch, so a replica that missed the notice sees it has not loaded this one.
  ALTER TABLE ${schema}.meta ADD COLUMN switch_id text;
  `,
];

/** pg_advisory_lock's key for migrations: any replica starting at once waits for the first. */
const migrationLock = 0x6b69626f;

/**
 * Brings the database to the newest schema, each missing migration in its own transaction and
 * all of them under an advisory lock, so replicas starting together migrate once. A database of a
 * newer release, or one made on another dataset, is refused with what to do.
 */
export async function migrate(pool: Pool, identity: DatasetIdentity, where: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${schema}.migrations`,
    );
    const version = rows[0]?.version ?? 0;
    if (version > migrations.length) {
      throw new Error(
        `The store ${where} has schema version ${version}; this mock knows up to ${migrations.length}. Run a newer mock, or use another database.`,
      );
    }
    for (const [index, sql] of migrations.entries()) {
      if (index < version) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        if (index === 0) {
          await client.query(`INSERT INTO ${schema}.meta (id, seed, accounts) VALUES (1, $1, $2)`, [
            identity.seed,
            identity.accounts,
          ]);
        }
        await client.query(`INSERT INTO ${schema}.migrations (version) VALUES ($1)`, [index + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    const meta = await client.query<{ seed: string; accounts: string; switched: boolean }>(
      `SELECT seed, accounts, switched FROM ${schema}.meta`,
    );
    const stored = meta.rows[0];
    // Stored ids follow the dataset's last id and deletions name dataset ids: on another seed or
    // size they would point at other people. After a switch the recorded scenario says which
    // dataset that is, and the mock adopts it (createMock checks it).
    if (
      stored &&
      !stored.switched &&
      (Number(stored.seed) !== identity.seed || Number(stored.accounts) !== identity.accounts)
    ) {
      throw new Error(
        `The store ${where} holds accounts made on the dataset --seed ${stored.seed} --accounts ${stored.accounts}, ` +
          `but this run uses --seed ${identity.seed} --accounts ${identity.accounts}. ` +
          `Start every replica with --seed ${stored.seed} --accounts ${stored.accounts}, or use another database.`,
      );
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    client.release();
  }
}
