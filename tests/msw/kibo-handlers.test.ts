import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiboHandlers } from '../../msw/index.ts';
import { kiboUrlRouter } from '../../msw/kibo-url-router.ts';
import { bundledDocument } from '../../openapi/bundled-document.ts';
import { planOf } from '../../openapi/operation-plan.ts';

const api = planOf(bundledDocument('customer-accounts.yaml'));
const admin = planOf(bundledDocument('mock-admin.yaml'));
const tokenPath = '/api/platform/applications/authtickets/oauth';

describe('which URLs the handlers answer', () => {
  const route = kiboUrlRouter(api, admin, [new URL('http://localhost:3000/kibo/api')], true);
  const at = (url: string) => route(new URL(url));

  it.each([
    ['https://t100000.sandbox.mozu.com/api/commerce/customer/accounts', '/api/commerce/customer/accounts'],
    [
      'https://t100000-s100001.tp3.mozu.com/api/commerce/customer/accounts/Bulk',
      '/api/commerce/customer/accounts/Bulk',
    ],
    [
      'https://t5.sb.euw1.kibocommerce.com/api/commerce/customer/accounts/7',
      '/api/commerce/customer/accounts/7',
    ],
    [
      'https://t5-s6.tp1.usc1.kibocommerce.com/api/commerce/customer/accounts',
      '/api/commerce/customer/accounts',
    ],
    [
      'https://t12345-s1.sb.usc1.gcp.kibocommerce.com/api/commerce/customer/accounts/Bulk',
      '/api/commerce/customer/accounts/Bulk',
    ],
    [
      'https://t1000118-s1000237.tp2.usc1.gcp.kibocommerce.com/api/commerce/customer/accounts',
      '/api/commerce/customer/accounts',
    ],
    [
      'https://t12345.sb.usc1.gcp.kibocommerce.com/api/commerce/customer/accounts',
      '/api/commerce/customer/accounts',
    ],
    [`https://home.mozu.com${tokenPath}`, tokenPath],
    [`https://home.euw1.kibocommerce.com${tokenPath}`, tokenPath],
    [`https://home.usc1.gcp.kibocommerce.com${tokenPath}`, tokenPath],
    ['https://home.usc1.gcp.kibocommerce.com/api/platform/tenants/12345', '/api/platform/tenants/12345'],
    ['https://t100000.sandbox.mozu.com/__mock/journal', '/__mock/journal'],
    ['http://localhost:3000/kibo/api/commerce/customer/accounts', '/api/commerce/customer/accounts'],
    ['http://localhost:3000/kibo/__mock/status', '/__mock/status'],
  ])('answers %s as %s', (url, path) => expect(at(url)).toBe(path));

  // The document's enums name the environments Kibo is known to have; a tenant on another one
  // (a new test pod, stg1 in the EU) is on Kibo's hosts all the same.
  it.each([
    ['https://t12345.tp9.mozu.com/api/commerce/customer/accounts', '/api/commerce/customer/accounts'],
    ['https://t12345-s2.qa9.mozu.com/api/commerce/customer/accounts/3', '/api/commerce/customer/accounts/3'],
    [
      'https://t12345.stg1.euw1.kibocommerce.com/api/commerce/customer/accounts',
      '/api/commerce/customer/accounts',
    ],
    [
      'https://t12345.tp9.usc1.gcp.kibocommerce.com/api/commerce/customer/accounts',
      '/api/commerce/customer/accounts',
    ],
  ])('answers %s on an environment the document does not list, as %s', (url, path) =>
    expect(at(url)).toBe(path),
  );

  it.each([
    ['another domain', 'https://t100000.sandbox.mozu.com.example.org/api/commerce/customer/accounts'],
    [
      'a non-Kibo domain shaped like a tenant host',
      'https://t12345.sb.usc1.gcp.example.com/api/commerce/customer/accounts',
    ],
    [
      'a domain that only ends like Kibo’s',
      'https://t12345.sandbox.notmozu.com/api/commerce/customer/accounts',
    ],
    ['a path outside /api', 'https://t100000.sandbox.mozu.com/cms/page'],
    ['the page’s own origin outside the base', 'http://localhost:3000/app/index.html'],
    [
      'the document’s local-mock server, unless given as a base',
      'http://localhost:4010/api/commerce/customer/accounts',
    ],
  ])('leaves %s alone', (_why, url) => expect(at(url)).toBeUndefined());

  it('answers only the base URLs when Kibo hosts are turned off', () => {
    const only = kiboUrlRouter(api, admin, [new URL('http://localhost:4010/api')], false);
    expect(only(new URL('https://t1.sandbox.mozu.com/api/commerce/customer/accounts'))).toBeUndefined();
    expect(only(new URL(`http://localhost:4010${tokenPath}`))).toBe(tokenPath);
  });
});

describe('createKiboHandlers with setupServer', () => {
  const kibo = createKiboHandlers({
    scenario: 'empty-tenant',
    baseUrl: 'http://localhost:3000/kibo/api',
    now: '2026-01-02T03:04:05.000Z',
  });
  const seeded = createKiboHandlers({
    seed: 9,
    accounts: 7,
    baseUrl: 'http://seeded.test/api',
    kiboHosts: false,
  });
  const server = setupServer(...kibo.handlers, ...seeded.handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  async function token(origin: string) {
    const answer = await fetch(`${origin}/platform/applications/authtickets/oauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'mock.app.1.0.0.Release', client_secret: 'mock-secret' }),
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  it('serves the scenario it is given, by name, under the base URL, with the fixed clock', async () => {
    const base = 'http://localhost:3000/kibo/api';
    const auth = { authorization: `Bearer ${await token(base)}` };
    const page = (await (await fetch(`${base}/commerce/customer/accounts`, { headers: auth })).json()) as {
      totalCount: number;
    };
    expect(page.totalCount).toBe(0);
    const created = await fetch(`${base}/commerce/customer/accounts/Bulk`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify([{ account: { emailAddress: 'first@example.com' } }]),
    });
    const body = (await created.json()) as { items: { auditInfo: { createDate: string } }[] };
    expect(created.status).toBe(200);
    expect(body.items[0]?.auditInfo.createDate).toBe('2026-01-02T03:04:05.000Z');
    const status = (await (await fetch('http://localhost:3000/kibo/__mock/status')).json()) as {
      scenario: string;
    };
    expect(status.scenario).toBe('empty-tenant');
  });

  it('keeps each handler set’s state apart, generated from its own seed and size', async () => {
    const base = 'http://seeded.test/api';
    const auth = { authorization: `Bearer ${await token(base)}` };
    const page = (await (await fetch(`${base}/commerce/customer/accounts`, { headers: auth })).json()) as {
      totalCount: number;
      items: { emailAddress: string }[];
    };
    expect(page.totalCount).toBe(7);
    const again = createKiboHandlers({ seed: 9, accounts: 7 });
    const mock = await again.mock();
    const direct = await mock.app.request('/api/commerce/customer/accounts', {
      headers: { authorization: `Bearer ${await mock.tokens.issue('mock.app.1.0.0.Release')}` },
    });
    expect(((await direct.json()) as typeof page).items.map((a) => a.emailAddress)).toEqual(
      page.items.map((a) => a.emailAddress),
    );
  });

  it('answers errors as the mock does, and reset() brings back the first state', async () => {
    const base = 'http://localhost:3000/kibo/api';
    const unauthorized = await fetch(`${base}/commerce/customer/accounts`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toContain('Bearer');
    expect((await kibo.journal.calls('addAccounts')).length).toBeGreaterThan(0);
    await kibo.reset();
    expect(await kibo.journal.entries()).toEqual([]);
    const auth = { authorization: `Bearer ${await token(base)}` };
    const page = (await (await fetch(`${base}/commerce/customer/accounts`, { headers: auth })).json()) as {
      totalCount: number;
    };
    expect(page.totalCount).toBe(0);
  });

  it('refuses an unknown shipped scenario, naming the shipped ones', () => {
    expect(() => createKiboHandlers({ scenario: 'nope' })).toThrow(
      /no shipped scenario "nope"; shipped: .*empty-tenant/,
    );
  });
});
