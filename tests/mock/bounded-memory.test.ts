import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../mock/accounts/storage.ts';
import { KiboHttpError } from '../../mock/http/error-catalogue.ts';
import { accountItem, accountsPath, bulkPath, fullClient, mockClient } from '../support/mock-client.ts';

type Page = { totalCount: number; items: { id: number; emailAddress: string }[] };

describe('memory that grows with traffic has a bound', () => {
  it('moves created accounts to a spill file past the memory budget, and keeps serving them', async () => {
    const log: string[] = [];
    const { call, mock } = await mockClient({ memoryBudgetBytes: 20_000, log: (line) => log.push(line) });
    const ids: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const items = Array.from({ length: 10 }, (_, i) => accountItem(batch * 10 + i));
      const answer = await call('POST', bulkPath, { body: items });
      expect(answer.status).toBe(200);
      ids.push(...(answer.body as Page).items.map((item) => item.id));
    }
    expect(log.filter((line) => line.includes('memory budget'))).toHaveLength(1);
    // Everything written before and after the move is there, once, in id order.
    const page = (await call('GET', `${accountsPath}?startIndex=250&pageSize=200`)).body as Page;
    expect(page.totalCount).toBe(350);
    expect(page.items.map((item) => item.id)).toEqual(ids);
    expect((await call('GET', `${accountsPath}/${ids[3]}`)).status).toBe(200);
    expect((await call('POST', bulkPath, { body: [accountItem(3)] })).status).toBe(409);
    expect((await call('DELETE', `${accountsPath}/${ids[3]}`)).status).toBeLessThan(300);
    expect((await call('GET', `${accountsPath}/${ids[3]}`)).status).toBe(404);
    mock.close();
  });

  it('refuses writes past the budget with a 409 that says so when there is no spill file', async () => {
    const storage = createMemoryStorage({ budgetBytes: 1_000 });
    const backend = storage.backend(100000);
    const put = (id: number) => ({
      kind: 'put' as const,
      id,
      json: JSON.stringify({ id, note: 'x'.repeat(600) }),
    });
    await backend.commit([put(1251)], 1252);
    const refused = backend.commit([put(1252)], 1253);
    await expect(refused).rejects.toBeInstanceOf(KiboHttpError);
    await expect(refused).rejects.toThrow(/at most 1000 bytes of created and changed accounts in memory/);
    expect((await backend.read([1252])).size).toBe(0);
    // A reset frees the budget again.
    await backend.reset();
    await expect(backend.commit([put(1252)], 1253)).resolves.toBeUndefined();
  });

  it('serves at most --max-tenants tenants and answers the next one 403', async () => {
    const { call, mock } = await mockClient({ maxTenants: 3 });
    const statuses: number[] = [];
    for (const tenant of [100001, 100002, 100003, 100004]) {
      const token = await mock.tokens.issue(fullClient, { tenants: [tenant] });
      statuses.push((await call('GET', accountsPath, { token })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 403]);
    const token = await mock.tokens.issue(fullClient, { tenants: [100004] });
    const refused = await call('GET', accountsPath, { token });
    expect((refused.body as { message: string }).message).toContain('at most 3 tenants (--max-tenants)');
  });
});
