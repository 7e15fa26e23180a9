import type { Storage, StorageContext } from '../accounts/storage.ts';

/** Whether `--store` names a PostgreSQL database (the one shared store there is). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the shared PostgreSQL store at `url` once the mock knows its dataset, migrating its
 * schema first. pg is imported only here, when asked for.
 */
export function postgresStorageAt(url: string): (context: StorageContext) => Promise<Storage> {
  if (!isPostgresUrl(url)) {
    throw new Error(
      `--store takes a PostgreSQL URL, postgres://user:password@host:5432/database (got "${url}")`,
    );
  }
  return async (context) => {
    const { openPostgresStorage } = await import('../persistence/postgres-storage.ts');
    return openPostgresStorage(url, context);
  };
}
