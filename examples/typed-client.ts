// The README's typed-client example, type-checked by `npm test` (tsc) and run against the mock
// by tests/client/typed-client.test.ts. It imports the package by name, as a frontend would.
import { createKiboClient } from 'kibo-accounts-mock/client';

export async function addTwoShoppers(baseUrl: string) {
  const kibo = createKiboClient({
    baseUrl, // e.g. http://127.0.0.1:4010/api, or https://t12345.sandbox.mozu.com/api
    login: { clientId: 'mock.app.1.0.0.Release', clientSecret: 'mock-secret' },
  });

  // Body, query and answer are typed by the document: a misspelt field does not compile.
  const { data, error } = await kibo.POST('/commerce/customer/accounts/Bulk', {
    params: { query: { responseFields: 'items(id,emailAddress,userName)' } },
    body: [
      { account: { emailAddress: 'ann.lee@example.com', firstName: 'Ann' }, password: 'Spring-Garden-2026' },
      {
        account: { emailAddress: 'marcus.ortiz@example.com', userName: 'mortiz' },
        password: 'Lantern-Quiet-88',
      },
    ],
  });
  if (error) throw new Error(`${error.errorCode ?? 'error'}: ${error.message ?? ''}`);

  const page = await kibo.GET('/commerce/customer/accounts', {
    params: { query: { filter: "emailAddress sw 'ann.'", pageSize: 5 } },
  });
  return { created: data.items ?? [], found: page.data?.totalCount ?? 0 };
}
