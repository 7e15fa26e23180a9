import { Configuration } from '@kibocommerce/rest-sdk';
import { CustomerAccountApi } from '@kibocommerce/rest-sdk/clients/Customer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../mock/node/server.ts';
import { fullClient } from '../support/mock-client.ts';

let server: RunningServer;
let api: CustomerAccountApi;

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
  // The token comes from the mock's Kibo-shaped oauth endpoint, as a real app would get it.
  const ticket = (await (
    await fetch(`${server.url}/api/platform/applications/authtickets/oauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: fullClient,
        client_secret: 'mock-secret',
        grant_type: 'client_credentials',
      }),
    })
  ).json()) as { access_token: string };
  const configuration = new Configuration({
    tenantId: '100000',
    siteId: '100001',
    apiHost: server.url,
    accessToken: () => ticket.access_token,
  });
  api = new CustomerAccountApi(configuration);
});

afterAll(() => server?.close());

describe('the official @kibocommerce/rest-sdk against the mock', () => {
  it('creates accounts with addAccounts and reads them back with getAccounts', async () => {
    const created = await api.addAccounts({
      customerAccountAndAuthInfo: [
        {
          account: { emailAddress: 'sdk.one@example.com', firstName: 'Sdk', lastName: 'One' },
          password: 'Pw-123456',
        },
        {
          account: { emailAddress: 'sdk.two@example.com', firstName: 'Sdk', lastName: 'Two' },
          password: 'Pw-654321',
        },
      ],
    });
    expect(created.totalCount).toBe(2);
    expect(created.items?.map((a) => a.emailAddress)).toEqual(['sdk.one@example.com', 'sdk.two@example.com']);
    expect(typeof created.items?.[0]?.id).toBe('number');

    const found = await api.getAccounts({ filter: "emailAddress sw 'sdk.'", pageSize: 10 });
    expect(found.items?.map((a) => a.lastName).sort()).toEqual(['One', 'Two']);
  });

  it('passes responseFields through', async () => {
    const page = await api.getAccounts({ pageSize: 3, responseFields: 'items(id)' });
    expect(page.items?.map((a) => Object.keys(a))).toEqual([['id'], ['id'], ['id']]);
  });

  it('surfaces a conflict as the SDK’s ResponseError with Kibo’s message', async () => {
    const error: unknown = await api
      .addAccounts({ customerAccountAndAuthInfo: [{ account: { emailAddress: 'SDK.ONE@example.com' } }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({
      name: 'ResponseError',
      response: { status: 409 },
      apiError: { errorCode: 'VALIDATION_CONFLICT' },
    });
    expect((error as Error).message).toContain('Validation conflict');
  });
});
