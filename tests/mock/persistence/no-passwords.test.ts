import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import type { CustomerAccount } from '../../../mock/accounts/account-store.ts';
import { databaseFileName, openSqliteStorage } from '../../../mock/persistence/sqlite-storage.ts';
import { accountItem, bulkPath, mockClient } from '../../support/mock-client.ts';

const tenant = 100000;
const secrets = [1, 2, 3].flatMap((n) => [`Secret-Password-${n}`, `pbkdf2-sha256$310000$hash-${n}`]);

/** Every file of the data dir (the database and its WAL), as one text to search. */
function bytesOf(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

it('stores no password of a Bulk batch, neither in the WAL nor after a checkpoint', async () => {
  const { call } = await mockClient();
  const items = [1, 2, 3].map((n) =>
    accountItem(n, {}, { externalPassword: `pbkdf2-sha256$310000$hash-${n}`, isImport: true }),
  );
  const answer = await call('POST', bulkPath, { body: items });
  expect(answer.status).toBe(200);
  const created = (answer.body as { items: CustomerAccount[] }).items;

  const dir = mkdtempSync(join(tmpdir(), 'kibo-persistence-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const persistence = openSqliteStorage(join(dir, databaseFileName), {
    identity: { seed: 1, accounts: 250 },
    uniqueKeys: ['emailAddress'],
  });
  onTestFinished(() => persistence.close());
  await persistence.backend(tenant).commit(
    created.map((account) => ({ kind: 'put', id: account.id ?? 0, json: JSON.stringify(account) })),
    1254,
  );

  for (const stage of ['in the WAL', 'checkpointed']) {
    if (stage === 'checkpointed') persistence.close();
    const bytes = bytesOf(dir);
    // The search must see the accounts at all, or finding no secret would prove nothing.
    expect(bytes, stage).toContain('shopper2@example.com');
    for (const secret of secrets) expect(bytes, stage).not.toContain(secret);
    expect(bytes, stage).not.toMatch(/"(password|externalPassword)"/i);
  }
});
