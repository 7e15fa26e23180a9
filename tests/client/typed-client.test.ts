import { afterAll, beforeAll, expect, it } from 'vitest';
import { addTwoShoppers } from '../../examples/typed-client.ts';
import { createKiboClient } from '../../client/kibo-client.ts';
import { startMockServer, type MockServer } from '../../mock/node/start-mock-server.ts';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server?.close());

it('runs the README example against the mock: two accounts created, one found by filter', async () => {
  const { created, found } = await addTwoShoppers(server.baseUrl);
  expect(created.map((a) => [a.emailAddress, a.userName])).toEqual([
    ['ann.lee@example.com', 'ann.lee@example.com'],
    ['marcus.ortiz@example.com', 'mortiz'],
  ]);
  expect(created.every((a) => Object.keys(a).join() === 'id,emailAddress,userName')).toBe(true);
  expect(found).toBe(1);
  // It logged in once, then sent the token with each call.
  expect(await server.journal.calls('oauthAuthenticateApp')).toHaveLength(1);
  expect((await server.journal.calls('addAccounts'))[0]).toMatchObject({ status: 200, requestItems: 2 });
});

it('types errors by the document and hands the answer back untouched', async () => {
  const kibo = createKiboClient({ baseUrl: server.baseUrl, token: await server.token() });
  const { data, error, response } = await kibo.POST('/commerce/customer/accounts/Bulk', {
    body: [{ account: { emailAddress: 'ann.lee@example.com' } }],
  });
  expect(data).toBeUndefined();
  expect(response.status).toBe(409);
  expect(error?.errorCode).toBe('VALIDATION_CONFLICT');
});

it('rejects at compile time what the document does not allow', async () => {
  const kibo = createKiboClient({ baseUrl: server.baseUrl, token: 'unused' });
  const send = () =>
    kibo.POST('/commerce/customer/accounts/Bulk', {
      // @ts-expect-error emailAddress is a string in the document
      body: [{ account: { emailAddress: 42 } }],
    });
  // Sent anyway, the mock refuses it; auth comes first, so with this token that is a 401.
  expect((await send()).response.status).toBe(401);
});
