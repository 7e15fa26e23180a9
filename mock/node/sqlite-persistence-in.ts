import type { AccountPersistence, DatasetIdentity } from '../persistence/account-persistence.ts';

/** The Node release from which node:sqlite loads without a flag. */
export const sqliteSince = '22.13.0';

/**
 * Opens SQLite persistence in `dataDir`, once the mock knows its dataset. node:sqlite is imported
 * only here, when asked for: the in-memory mock runs on Node 20, which has no node:sqlite, and a
 * --data-dir there gets this sentence instead of a crash.
 */
export async function sqlitePersistenceIn(
  dataDir: string,
): Promise<(dataset: DatasetIdentity) => AccountPersistence> {
  try {
    const { openSqlitePersistence } = await import('../persistence/sqlite-persistence.ts');
    return (dataset) => openSqlitePersistence(dataDir, dataset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_BUILTIN_MODULE') throw error;
    throw new Error(
      `--data-dir keeps accounts in SQLite through node:sqlite, which needs Node ${sqliteSince} or later; ` +
        `this is Node ${process.versions.node}. Run without --data-dir (accounts then live in memory) or on a newer Node.`,
      { cause: error },
    );
  }
}
