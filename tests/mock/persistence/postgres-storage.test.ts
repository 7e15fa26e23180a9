import pg from 'pg';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { UniqueValueTaken } from '../../../mock/accounts/tenant-backend.ts';
import { migrations } from '../../../mock/persistence/postgres-migrations.ts';
import { openPostgresStorage } from '../../../mock/persistence/postgres-storage.ts';
import {
  postgresBinaries,
  startPrivatePostgres,
  type PrivatePostgres,
} from '../../../bench/private-postgres.ts';

const bin = postgresBinaries();
let server: PrivatePostgres;
let databases = 0;
beforeAll(async () => {
  if (bin) server = await startPrivatePostgres(bin);
}, 60_000);
afterAll(() => server?.destroy());

const identity = { seed: 1, accounts: 250 };
const context = { identity, uniqueKeys: ['emailAddress', 'userName'], maxRecordBytes: 100_000 };

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** A new empty database on the private server. */
function freshDatabase(): Promise<string> {
  return server.freshDatabase(`storage_${++databases}`);
}

async function open(url: string, given = context) {
  const storage = await openPostgresStorage(url, given);
  onTestFinished(() => storage.close());
  return storage;
}

const put = (id: number, email: string) => ({
  kind: 'put' as const,
  id,
  json: JSON.stringify({ id, emailAddress: email }),
  uniqueValues: [email.toLowerCase()],
});

it.skipIf(!bin)('applies every migration once, in order, however often it is opened', async () => {
  const url = await freshDatabase();
  await Promise.all([open(url), open(url)]);
  await open(url);
  const rows = await sql<{ version: number }>(
    url,
    'SELECT version FROM kibo_mock.migrations ORDER BY version',
  );
  expect(rows.map((r) => r.version)).toEqual(migrations.map((_, k) => k + 1));
});

it.skipIf(!bin)('refuses a database a newer mock migrated, and one made on another dataset', async () => {
  const url = await freshDatabase();
  (await open(url)).close();
  await expect(open(url, { ...context, identity: { seed: 2, accounts: 250 } })).rejects.toThrow(
    /--seed 1 --accounts 250, but this run uses --seed 2 --accounts 250/,
  );
  await sql(url, `INSERT INTO kibo_mock.migrations (version) VALUES (${migrations.length + 1})`);
  await expect(open(url)).rejects.toThrow(`schema version ${migrations.length + 1}`);
});

it.skipIf(!bin)(
  'refuses through the unique index a value another account holds, in any case, storing none of the batch',
  async () => {
    const url = await freshDatabase();
    const backend = (await open(url)).backend(100000);
    await backend.commit([put(1251, 'ann@example.com')], 1252);
    await expect(
      backend.commit([put(1252, 'bea@example.com'), put(1253, 'ANN@example.com')], 1254),
    ).rejects.toThrow(UniqueValueTaken);
    expect([...(await backend.read([1252, 1253])).keys()]).toEqual([]);
    expect((await backend.state()).next).toBe(1252);
    // Another tenant is another namespace.
    await (await open(url)).backend(200000).commit([put(1251, 'ann@example.com')], 1252);
  },
);

it.skipIf(!bin)('shows what one storage committed to another on the same database at once', async () => {
  const url = await freshDatabase();
  const [first, second] = [await open(url), await open(url)];
  await first.backend(100000).commit([put(1251, 'ann@example.com'), { kind: 'delete', id: 1001 }], 1252);
  expect(await second.backend(100000).state()).toEqual({ next: 1252, deleted: [1001] });
  await second.backend(100000).commit([{ kind: 'delete', id: 1251 }], 1252);
  expect((await first.backend(100000).state()).deleted).toEqual([1001, 1251]);
  expect((await first.backend(100000).owners(['ann@example.com'])).size).toBe(0);
});

it.skipIf(!bin)('refuses a new account whose id is taken rather than overwrite the one stored', async () => {
  const url = await freshDatabase();
  const backend = (await open(url)).backend(100000);
  await backend.commit([{ ...put(1251, 'ann@example.com'), created: true }], 1252);
  // What a stale id counter would send: a "new" account on an id already handed out.
  await expect(backend.commit([{ ...put(1251, 'bea@example.com'), created: true }], 1252)).rejects.toThrow(
    /duplicate key/,
  );
  expect((await backend.read([1251])).get(1251)?.emailAddress).toBe('ann@example.com');
  // A change of the stored account is no creation: it replaces it.
  await backend.commit([put(1251, 'bea@example.com')], 1252);
  expect((await backend.read([1251])).get(1251)?.emailAddress).toBe('bea@example.com');
});

it.runIf(!bin)(
  'skips the PostgreSQL store tests: no /usr/lib/postgresql/*/bin/initdb (.ci/run installs it)',
  () => {
    expect(bin).toBeUndefined();
  },
);
