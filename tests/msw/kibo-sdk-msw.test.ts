// The official SDK, pointed at a Kibo host name, answered by the msw handlers: no server runs and
// no connection is made. msw's interceptor hands the SDK socket objects of its own (which even
// publish net.client.socket), so the proof is below them: connecting needs a DNS lookup of the
// host name and a connect request, and Node creates an async resource for each
// (GETADDRINFOREQWRAP, TCPCONNECTWRAP), which async_hooks reports.
import { createHook } from 'node:async_hooks';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Configuration } from '@kibocommerce/rest-sdk';
import { CustomerAccountApi } from '@kibocommerce/rest-sdk/clients/Customer/index.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createKiboHandlers } from '../../msw/index.ts';

const kibo = createKiboHandlers({ now: '2026-11-27T10:00:00.000Z' });
const server = setupServer(...kibo.handlers);
const sockets: string[] = [];
const network = createHook({
  init(_id, type) {
    if (type === 'TCPCONNECTWRAP' || type === 'GETADDRINFOREQWRAP') sockets.push(type);
  },
});

beforeAll(() => {
  network.enable();
  server.listen({ onUnhandledFrame: 'error' });
});
afterEach(() => kibo.reset());
afterAll(() => {
  server.close();
  network.disable();
});

it('sees a real connection when one is made (so the checks below can fail)', async () => {
  server.close();
  const local = createServer((_request, response) => response.writeHead(204).end());
  try {
    await once(local.listen(0, '127.0.0.1'), 'listening');
    await fetch(`http://localhost:${(local.address() as AddressInfo).port}/`);
    expect(sockets).toContain('TCPCONNECTWRAP');
    expect(sockets).toContain('GETADDRINFOREQWRAP');
  } finally {
    local.close();
    sockets.length = 0;
    server.listen({ onUnhandledFrame: 'error' });
  }
});

async function sdk(): Promise<CustomerAccountApi> {
  // Like a Kibo app: a token from the home pod, then the tenant's own host (t100000-s100001.sandbox.mozu.com).
  const ticket = await fetch('https://home.mozu.com/api/platform/applications/authtickets/oauth', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'mock.app.1.0.0.Release', client_secret: 'mock-secret' }),
  });
  const { access_token: token } = (await ticket.json()) as { access_token: string };
  return new CustomerAccountApi(
    new Configuration({ tenantId: '100000', siteId: '100001', accessToken: () => token }),
  );
}

it('creates and reads accounts through the SDK on a Kibo host name with no socket opened', async () => {
  const api = await sdk();
  const created = await api.addAccounts({
    customerAccountAndAuthInfo: [
      { account: { emailAddress: 'msw.one@example.com', firstName: 'Msw' }, password: 'Pw-123456' },
      { account: { emailAddress: 'msw.two@example.com', firstName: 'Msw' }, password: 'Pw-654321' },
    ],
  });
  expect(created.items?.map((a) => a.emailAddress)).toEqual(['msw.one@example.com', 'msw.two@example.com']);
  const found = await api.getAccounts({ filter: "emailAddress sw 'msw.'" });
  expect(found.totalCount).toBe(2);
  expect(sockets).toEqual([]);

  const bulk = await kibo.journal.calls('addAccounts');
  expect(bulk.map((entry) => ({ status: entry.status, items: entry.requestItems }))).toEqual([
    { status: 200, items: 2 },
  ]);
  // The SDK addressed the tenant by host name; the mock read the tenant from it.
  expect((await kibo.journal.entries({ operationId: 'getAccounts' }))[0]?.path).toBe(
    '/api/commerce/customer/accounts',
  );
});

it('surfaces the mock’s 409 as the SDK’s ResponseError, and reset() forgets what a test created', async () => {
  const api = await sdk();
  const account = { account: { emailAddress: 'again@example.com' } };
  await api.addAccounts({ customerAccountAndAuthInfo: [account] });
  await expect(api.addAccounts({ customerAccountAndAuthInfo: [account] })).rejects.toMatchObject({
    name: 'ResponseError',
    response: { status: 409 },
  });
  await kibo.reset();
  const again = await (await sdk()).addAccounts({ customerAccountAndAuthInfo: [account] });
  expect(again.totalCount).toBe(1);
  expect(await kibo.journal.calls('addAccounts')).toHaveLength(1);
  expect(sockets).toEqual([]);
});
