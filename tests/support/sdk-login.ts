// Run as a child process by tests/mock/kibo-sdk-login.test.ts: an app written for real Kibo,
// pointed at the mock by environment variables alone (KIBO_AUTH_HOST, KIBO_CLIENT_ID,
// KIBO_SHARED_SECRET, KIBO_TENANT, KIBO_SITE, NODE_EXTRA_CA_CERTS). The SDK logs in on its own
// (no accessToken), looks the tenant up, and calls the domain it was given. Prints what it saw.
import { Configuration } from '@kibocommerce/rest-sdk';
import { CustomerAccountApi } from '@kibocommerce/rest-sdk/clients/Customer/index.js';

const fromEnv = new CustomerAccountApi(Configuration.fromEnv());
const created = await fromEnv.addAccounts({
  customerAccountAndAuthInfo: [
    {
      account: { emailAddress: 'sdk.login.one@example.com', firstName: 'Sdk', lastName: 'Login' },
      password: 'Pw-123456',
    },
    { account: { emailAddress: 'sdk.login.two@example.com', firstName: 'Sdk', lastName: 'Login' } },
  ],
});
// The same, configured in code the way Kibo's README shows it.
const explicit = new CustomerAccountApi(
  new Configuration({
    tenantId: process.env.KIBO_TENANT,
    siteId: process.env.KIBO_SITE,
    clientId: process.env.KIBO_CLIENT_ID,
    sharedSecret: process.env.KIBO_SHARED_SECRET,
    authHost: process.env.KIBO_AUTH_HOST,
  }),
);
const listed = await explicit.getAccounts({ filter: "emailAddress sw 'sdk.login.'", pageSize: 10 });
process.stdout.write(
  JSON.stringify({
    created: created.items?.map((a) => ({ id: a.id, emailAddress: a.emailAddress })),
    listed: listed.items?.map((a) => a.emailAddress).sort(),
    totalCount: listed.totalCount,
  }),
);
