import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage, StorageContext } from '../accounts/storage.ts';
import type * as SqliteStorage from '../persistence/sqlite-storage.ts';

/** The Node release from which node:sqlite loads without a flag. */
export const sqliteSince = '22.13.0';

type SqliteModule = typeof SqliteStorage;

/**
 * node:sqlite, imported only when asked for: the in-memory mock runs on Node 20, which has none.
 * Undefined there (the caller says what that means for it).
 */
async function sqlite(): Promise<SqliteModule | undefined> {
  try {
    return await import('../persistence/sqlite-storage.ts');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_BUILTIN_MODULE') throw error;
    return undefined;
  }
}

/** Opens SQLite storage in `dataDir` once the mock knows its dataset; on a Node without node:sqlite, a sentence instead of a crash. */
export async function sqliteStorageIn(dataDir: string): Promise<(context: StorageContext) => Storage> {
  const module = await sqlite();
  if (!module) {
    throw new Error(
      `--data-dir keeps accounts in SQLite through node:sqlite, which needs Node ${sqliteSince} or later; ` +
        `this is Node ${process.versions.node}. Run without --data-dir (accounts then live in memory) or on a newer Node.`,
    );
  }
  return (context) => module.openSqliteStorage(join(dataDir, module.databaseFileName), context);
}

/**
 * Where changes go past the memory budget: a SQLite file in the temp folder, deleted on close.
 * Undefined on a Node without node:sqlite, where writes past the budget are refused instead.
 */
export async function sqliteSpill(): Promise<
  ((context: Omit<StorageContext, 'identity' | 'maxRecordBytes'>) => Storage) | undefined
> {
  const module = await sqlite();
  if (!module) return undefined;
  return (context) =>
    module.openSqliteStorage(
      join(tmpdir(), `kibo-accounts-mock-spill-${process.pid}-${randomUUID()}.sqlite`),
      {
        ...context,
        temporary: true,
      },
    );
}
