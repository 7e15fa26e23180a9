import type { QueryResult, QueryResultRow } from 'pg';
import type { Outbox, OutboxMessage } from '../shoppers/outbox.ts';
import { schema } from './postgres-migrations.ts';

/** A query on the request's transaction when there is one, else on the pool. */
export type Query = <R extends QueryResultRow>(text: string, values?: unknown[]) => Promise<QueryResult<R>>;

/**
 * The outbox in PostgreSQL, for every replica: seq comes from the table's sequence, and each put
 * drops what is `capacity` messages older, so the table stays as bounded as the in-memory outbox.
 */
export function postgresOutbox(query: Query, capacity: number): Outbox {
  return {
    async put(message) {
      const { rows } = await query<{ seq: string }>(
        `INSERT INTO ${schema}.outbox (tenant_id, message) VALUES ($1, $2) RETURNING seq`,
        [message.tenantId, JSON.stringify(message)],
      );
      const seq = Number(rows[0]?.seq);
      await query(`DELETE FROM ${schema}.outbox WHERE seq <= $1`, [seq - capacity]);
      return { seq, ...message };
    },
    async list({ since, tenantId } = {}) {
      const { rows } = await query<{ seq: string; message: string }>(
        `SELECT seq, message FROM ${schema}.outbox
         WHERE ($1::bigint IS NULL OR seq > $1) AND ($2::bigint IS NULL OR tenant_id = $2)
         ORDER BY seq DESC LIMIT $3`,
        [since ?? null, tenantId ?? null, capacity],
      );
      return rows
        .reverse()
        .map((row) => ({ seq: Number(row.seq), ...(JSON.parse(row.message) as Omit<OutboxMessage, 'seq'>) }));
    },
    async clear() {
      await query(`DELETE FROM ${schema}.outbox`);
    },
  };
}
