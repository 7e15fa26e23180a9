import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one write transaction: all of it is committed or none. IMMEDIATE takes the write
 * lock up front, so a conflict shows at BEGIN rather than halfway through the batch.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT (disk full, I/O error) may leave the transaction open or already rolled back.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
