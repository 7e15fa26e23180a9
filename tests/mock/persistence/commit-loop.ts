// Child process of crash.test.ts: commits numbered batches until it is killed, and prints
// "committed <k>" only once the commit of batch k has returned, as the mock answers 200 only then.
import type { CustomerAccount } from '../../../mock/accounts/account-store.ts';
import { join } from 'node:path';
import { databaseFileName, openSqliteStorage } from '../../../mock/persistence/sqlite-storage.ts';

export const tenant = 100000;
export const firstId = 1251;

/** Batch k holds ids firstId + k·size … and says in each account which batch it belongs to. */
export function batch(k: number, size: number): (CustomerAccount & { id: number; emailAddress: string })[] {
  return Array.from({ length: size }, (_, j) => {
    const id = firstId + k * size + j;
    return { id, externalId: `batch-${k}`, emailAddress: `shopper${id}@example.com`, firstName: 'Ann' };
  });
}

// Only when run as the child: the test imports `batch` from here too.
if (import.meta.main) {
  const [dataDir, size] = process.argv.slice(2);
  if (!dataDir || !size) throw new Error('Usage: node commit-loop.ts DATA_DIR BATCH_SIZE');
  const persistence = openSqliteStorage(join(dataDir, databaseFileName), {
    identity: { seed: 1, accounts: 250 },
    uniqueKeys: ['emailAddress'],
  });
  // Like the mock's CLI: SIGTERM closes cleanly between two requests.
  process.once('SIGTERM', () => {
    persistence.close();
    process.exit(0);
  });
  let k = 0;
  const next = () => {
    const accounts = batch(k, Number(size));
    const changes = accounts.map((account) => ({
      kind: 'put' as const,
      id: account.id,
      json: JSON.stringify(account),
      uniqueValues: [account.emailAddress],
    }));
    persistence
      .backend(tenant)
      .commit(changes, firstId + (k + 1) * Number(size))
      .then(
        () => {
          process.stdout.write(`committed ${k}\n`);
          k += 1;
          // A safety stop, so a test that fails to kill it does not leave it running.
          if (k < 10_000) setImmediate(next);
        },
        (error: unknown) => {
          process.stderr.write(`${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  next();
}
