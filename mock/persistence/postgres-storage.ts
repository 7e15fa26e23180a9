import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CustomerAccount } from '../accounts/account-store.ts';
import type { LoginRecord } from '../accounts/login-record.ts';
import type { SharedScenario, SharedWorld, Storage, StorageContext } from '../accounts/storage.ts';
import type { Scenario } from '../world/scenarios/scenario.ts';
import {
  UniqueValueTaken,
  type StoredChange,
  type TenantBackend,
  type TenantState,
} from '../accounts/tenant-backend.ts';
import { migrate, schema } from './postgres-migrations.ts';
import { asUnavailable, isUnavailableAnswer } from './postgres-unavailable.ts';
import { listenForChanges, type ChangeNotice } from './postgres-notices.ts';
import { shownUrl } from './shown-url.ts';
import { postgresOutbox, type Query } from './postgres-outbox.ts';
import { saidOnce } from './said-once.ts';

const none: readonly number[] = Object.freeze([]);
/** The final state of one id after a request's changes (undefined: untouched, null: deleted). */
interface Outcome {
  account?: { readonly json: string; readonly values: readonly string[] } | null;
  login?: string | null;
  /** A new account's put: stored only if its id is free. */
  created?: boolean;
}

/**
 * Every tenant's changes in PostgreSQL, shared by every replica that opens the same database.
 * Each request that writes runs as one transaction holding the tenant's advisory lock (exclusive),
 * and the store asks for the tenant's state on every call, so what one replica acknowledged the
 * next request to any replica sees. Only the tenant's sorted deletions are kept between calls,
 * keyed by a version the database draws from a sequence whenever they change.
 */
export async function openPostgresStorage(url: string, context: StorageContext): Promise<Storage> {
  const where = shownUrl(url);
  const log = context.log;
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'kibo-accounts-mock',
    max: 10,
    // A request waits this long for a connection, then answers 503 instead of hanging.
    connectionTimeoutMillis: 3000,
    query_timeout: 15_000,
  });
  // An idle connection the server dropped (a restart): the pool replaces it; without a listener
  // the 'error' event would end the process.
  pool.on('error', (error) => log?.(`store ${where}: idle connection lost (${error.message})`));
  await migrate(pool, context.identity, where).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });

  const transaction = new AsyncLocalStorage<pg.PoolClient>();
  /** Each open transaction's view of the tenants it locked (see state()). */
  const withinTransaction = new WeakMap<pg.PoolClient, Map<number, TenantState>>();
  const deletions = new Map<number, { readonly version: string; readonly ids: readonly number[] }>();
  const notices = listenForChanges(url, {
    log,
    where,
    // A notice that a tenant was reset (or that notices were missed) drops what is kept of it.
    onNotice: (notice: ChangeNotice) => {
      if (notice.kind === 'reset') {
        deletions.delete(notice.tenantId);
        return;
      }
      deletions.clear();
      void followSwitch();
    },
    onMissed: () => {
      deletions.clear();
      void followSwitch();
    },
  });
  let closed = false;
  const switchListeners: ((next: SharedScenario) => void)[] = [];
  /** The switch this replica serves (or started on); undefined before any. */
  let loadedSwitch: string | undefined;
  /** Loads the recorded scenario when it is not the one this replica serves (a notice, or one missed). */
  async function followSwitch(): Promise<void> {
    try {
      const recorded = await readSwitch();
      if (!recorded || recorded.id === loadedSwitch) return;
      loadedSwitch = recorded.id;
      for (const listener of switchListeners) listener(recorded.shared);
    } catch (error) {
      log?.(`store ${where}: could not read the scenario another replica switched to (${String(error)})`);
    }
  }

  const query: Query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    try {
      return await (transaction.getStore() ?? pool).query<R>(text, values);
    } catch (error) {
      throw asUnavailable(error);
    }
  };

  /**
   * Runs `work` as one transaction, under the advisory lock named `lock` when given (a tenant's);
   * see TenantBackend.exclusive.
   */
  async function exclusive<T>(lock: string | undefined, work: () => Promise<T>): Promise<T> {
    if (transaction.getStore()) return work();
    const client = await pool.connect().catch((error: unknown) => {
      throw asUnavailable(error);
    });
    // A connection lost while checked out fails the query in flight, which says so; the event
    // itself needs a listener or it would end the process.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken = false;
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      await client.query('BEGIN');
      if (lock !== undefined)
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
      try {
        outcome = { ok: true, value: await transaction.run(client, work) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      // A store that could not be reached halfway leaves nothing behind; any other refusal
      // keeps what the request committed before it (a failed sign-in is counted, then refused).
      if (!outcome.ok && isUnavailableAnswer(outcome.error)) {
        broken = true;
        await client.query('ROLLBACK').catch(ignore);
      } else {
        await client.query('COMMIT');
      }
    } catch (error) {
      broken = true;
      await client.query('ROLLBACK').catch(ignore);
      throw asUnavailable(error);
    } finally {
      client.off('error', ignore);
      // The view of the tenants ends with the transaction: the pool hands this client to the next one.
      withinTransaction.delete(client);
      client.release(broken);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async function apply(tenantId: number, changes: readonly StoredChange[], next: number): Promise<void> {
    const outcomes = new Map<number, Outcome>();
    for (const change of changes) {
      const outcome = outcomes.get(change.id) ?? {};
      outcomes.set(change.id, outcome);
      if (change.kind === 'login') outcome.login = change.json ?? '{}';
      else if (change.kind === 'delete') outcome.account = outcome.login = null;
      else {
        outcome.account = { json: change.json ?? '{}', values: [...new Set(change.uniqueValues)] };
        outcome.created = change.created === true;
      }
    }
    const entries = [...outcomes];
    const rewritten = entries.filter(([, o]) => o.account !== undefined).map(([id]) => id);
    const deleted = entries.filter(([, o]) => o.account === null).map(([id]) => id);
    const puts = entries.flatMap(([id, o]) => (o.account ? [{ id, created: o.created, ...o.account }] : []));
    const logins = entries.flatMap(([id, o]) => (typeof o.login === 'string' ? [{ id, json: o.login }] : []));
    const t = tenantId;
    // Every value the rewritten ids held is freed first; a value still held after that belongs to
    // another account, and the unique index refuses it.
    if (rewritten.length > 0) {
      await query(`DELETE FROM ${schema}.unique_values WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
        t,
        rewritten,
      ]);
    }
    if (deleted.length > 0) {
      // A deleted account leaves no data behind, only its id.
      await query(`DELETE FROM ${schema}.accounts WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
        t,
        deleted,
      ]);
      await query(`DELETE FROM ${schema}.logins WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
        t,
        deleted,
      ]);
      await query(
        `INSERT INTO ${schema}.deletions (tenant_id, id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
        [t, deleted],
      );
    }
    if (puts.length > 0) {
      const fresh = puts.filter((p) => p.created);
      const replaced = puts.filter((p) => !p.created);
      if (fresh.length > 0) {
        // A new id found taken was handed out twice (a stale counter): a bug, refused with the
        // whole request rather than overwriting an account another request was told it created.
        await query(
          `INSERT INTO ${schema}.accounts (tenant_id, id, json) SELECT $1, * FROM unnest($2::bigint[], $3::text[])`,
          [t, fresh.map((p) => p.id), fresh.map((p) => p.json)],
        );
      }
      if (replaced.length > 0) {
        await query(
          `INSERT INTO ${schema}.accounts (tenant_id, id, json) SELECT $1, * FROM unnest($2::bigint[], $3::text[])
           ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json`,
          [t, replaced.map((p) => p.id), replaced.map((p) => p.json)],
        );
      }
      const values = puts.flatMap((p) => p.values.map((value) => ({ id: p.id, value })));
      try {
        await query(
          `INSERT INTO ${schema}.unique_values (tenant_id, value, id) SELECT $1, * FROM unnest($2::text[], $3::bigint[])`,
          [t, values.map((v) => v.value), values.map((v) => v.id)],
        );
      } catch (error) {
        if (error instanceof pg.DatabaseError && error.code === '23505') {
          throw new UniqueValueTaken(/\)=\(\d+, (.*)\) already exists/.exec(error.detail ?? '')?.[1] ?? '');
        }
        throw error;
      }
    }
    if (logins.length > 0) {
      await query(
        `INSERT INTO ${schema}.logins (tenant_id, id, json) SELECT $1, * FROM unnest($2::bigint[], $3::text[])
         ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json`,
        [t, logins.map((l) => l.id), logins.map((l) => l.json)],
      );
    }
    await query(
      `INSERT INTO ${schema}.tenants AS t (tenant_id, next_id, deletions_version)
       VALUES ($1, $2, CASE WHEN $3 THEN nextval('${schema}.deletions_versions') ELSE 0 END)
       ON CONFLICT (tenant_id) DO UPDATE SET next_id = greatest(t.next_id, excluded.next_id),
         deletions_version = CASE WHEN $3 THEN excluded.deletions_version ELSE t.deletions_version END`,
      [t, next, deleted.length > 0],
    );
  }

  /** The tenant's id counter and deletions as stored now. */
  async function stateNow(tenantId: number): Promise<TenantState> {
    const cached = deletions.get(tenantId);
    // One round trip: the deletions come along only when their version moved.
    const { rows } = await query<{ next_id: string; version: string; deleted: string[] | null }>(
      `SELECT next_id, deletions_version AS version,
           CASE WHEN deletions_version::text IS DISTINCT FROM $2 THEN
             ARRAY(SELECT id FROM ${schema}.deletions d WHERE d.tenant_id = t.tenant_id ORDER BY id) END AS deleted
         FROM ${schema}.tenants t WHERE tenant_id = $1`,
      [tenantId, cached?.version ?? null],
    );
    const row = rows[0];
    if (!row) {
      deletions.delete(tenantId);
      return { next: undefined, deleted: none };
    }
    let kept = cached;
    if (row.deleted || !kept) {
      kept = { version: String(row.version), ids: Object.freeze((row.deleted ?? []).map(Number)) };
      deletions.set(tenantId, kept);
    }
    return { next: Number(row.next_id), deleted: kept.ids };
  }

  const say = saidOnce(log);
  const skip = (what: string, tenantId: number, id: number, bytes: unknown) =>
    say(
      `${what}:${tenantId}:${id}`,
      `store ${where}: ${what} ${id} of tenant ${tenantId} is ${String(bytes)} bytes, more than this mock writes; skipped`,
    );

  const backend = (tenantId: number): TenantBackend => {
    const lock = `${schema}:tenant:${tenantId}`;
    return {
      async state() {
        // Inside a request's transaction the tenant's lock is held, so its state changes only by
        // this request's own commit: asked once (a Bulk asks three times), until that commit.
        const client = transaction.getStore();
        const known = client && withinTransaction.get(client)?.get(tenantId);
        if (known) return known;
        const state = await stateNow(tenantId);
        if (client)
          withinTransaction.set(
            client,
            (withinTransaction.get(client) ?? new Map<number, TenantState>()).set(tenantId, state),
          );
        return state;
      },
      async read(ids) {
        const found = new Map<number, CustomerAccount>();
        if (ids.length === 0) return found;
        const { rows } = await query<{ id: string; bytes: number; json: string | null }>(
          `SELECT id, octet_length(json) AS bytes, CASE WHEN octet_length(json) <= $3 THEN json END AS json
         FROM ${schema}.accounts WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
          [tenantId, ids, context.maxRecordBytes],
        );
        for (const row of rows) {
          if (row.json === null) skip('account', tenantId, Number(row.id), row.bytes);
          else found.set(Number(row.id), JSON.parse(row.json) as CustomerAccount);
        }
        return found;
      },
      async owners(values) {
        const found = new Map<string, number>();
        if (values.length === 0) return found;
        const { rows } = await query<{ value: string; id: string }>(
          `SELECT lower(value) AS value, id FROM ${schema}.unique_values WHERE tenant_id = $1 AND lower(value) = ANY($2::text[])`,
          [tenantId, values],
        );
        for (const row of rows) found.set(row.value, Number(row.id));
        return found;
      },
      async login(id) {
        const { rows } = await query<{ bytes: number; json: string | null }>(
          `SELECT octet_length(json) AS bytes, CASE WHEN octet_length(json) <= $3 THEN json END AS json
         FROM ${schema}.logins WHERE tenant_id = $1 AND id = $2`,
          [tenantId, id, context.maxRecordBytes],
        );
        const row = rows[0];
        if (row?.json === null) skip('login of account', tenantId, id, row.bytes);
        return row?.json ? (JSON.parse(row.json) as LoginRecord) : undefined;
      },
      commit(changes, next) {
        // In its own savepoint: a refused commit stores nothing, and the request's transaction
        // stays usable for what it does next (it answers the refusal).
        return exclusive(lock, async () => {
          const client = transaction.getStore();
          if (client) withinTransaction.get(client)?.delete(tenantId);
          await query('SAVEPOINT kibo_commit');
          try {
            await apply(tenantId, changes, next);
          } catch (error) {
            if (!isUnavailableAnswer(error)) await query('ROLLBACK TO SAVEPOINT kibo_commit');
            throw error;
          }
          await query('RELEASE SAVEPOINT kibo_commit');
        });
      },
      reset() {
        return exclusive(lock, async () => {
          for (const table of ['unique_values', 'accounts', 'deletions', 'logins', 'tenants']) {
            await query(`DELETE FROM ${schema}.${table} WHERE tenant_id = $1`, [tenantId]);
          }
          // Delivered when the transaction commits, to every replica listening (this one too).
          await query('SELECT pg_notify($1, $2)', [
            notices.channel,
            JSON.stringify({ kind: 'reset', tenantId }),
          ]);
        });
      },
      exclusive: (work) => exclusive(lock, work),
    };
  };

  async function readSwitch(): Promise<{ id: string; shared: SharedScenario } | undefined> {
    const { rows } = await query<{
      seed: string;
      accounts: string;
      switched: boolean;
      scenario: string | null;
      switch_id: string | null;
    }>(`SELECT seed, accounts, switched, scenario, switch_id FROM ${schema}.meta`);
    const row = rows[0];
    if (!row?.switched) return undefined;
    return {
      id: row.switch_id ?? '',
      shared: {
        scenario: row.scenario === null ? undefined : (JSON.parse(row.scenario) as Scenario),
        identity: { seed: Number(row.seed), accounts: Number(row.accounts) },
      },
    };
  }
  loadedSwitch = (await readSwitch())?.id ?? undefined;

  const shared: SharedWorld = {
    current: async () => (await readSwitch())?.shared,
    async switchTo(next) {
      // Under every tenant's lock at once: TRUNCATE waits for the requests writing now and holds
      // off the next ones until the switch is committed.
      await exclusive(undefined, async () => {
        await query(
          `TRUNCATE ${['unique_values', 'accounts', 'deletions', 'logins', 'tenants', 'outbox'].map((t) => `${schema}.${t}`).join(', ')}`,
        );
        const id = randomUUID();
        await query(
          `UPDATE ${schema}.meta SET seed = $1, accounts = $2, switched = true, scenario = $3, switch_id = $4`,
          [
            next.identity.seed,
            next.identity.accounts,
            next.scenario === undefined ? null : JSON.stringify(next.scenario),
            id,
          ],
        );
        loadedSwitch = id;
        await query('SELECT pg_notify($1, $2)', [
          notices.channel,
          JSON.stringify({ kind: 'scenario', from: loadedSwitch }),
        ]);
      });
      deletions.clear();
    },
    onSwitch: (listener) => void switchListeners.push(listener),
  };

  return {
    backend,
    shared,
    outbox: (capacity) => postgresOutbox(query, capacity),
    close() {
      if (closed) return;
      closed = true;
      notices.close();
      pool.end().catch(() => undefined);
    },
  };
}
