import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import { fullClient, mockClient } from '../support/mock-client.ts';
import { spawnCli } from '../support/spawned-mock.ts';
import { once } from 'node:events';

type Tenant = { id: number; domain: string; sites: { id: number; tenantId: number; domain: string }[] };

const client = await mockClient();
const { call, mock } = client;
afterAll(() => expectAllConform(client.exchanges));

describe('GET /platform/tenants/{tenantId}, the tenant lookup of Kibo’s SDK', () => {
  it('answers a tenant of the token with its domain and site pointing back at the host reached', async () => {
    const answer = await call('GET', 'http://127.0.0.1:4443/api/platform/tenants/100000');
    expect(answer.status).toBe(200);
    const tenant = answer.body as Tenant;
    expect(tenant).toMatchObject({ id: 100000, domain: '127.0.0.1:4443' });
    expect(tenant.sites).toEqual([
      expect.objectContaining({ id: 100001, tenantId: 100000, domain: '127.0.0.1:4443' }),
    ]);
  });

  it('does not find a tenant the token may not use', async () => {
    const answer = await call('GET', '/api/platform/tenants/200000');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ errorCode: 'ITEM_NOT_FOUND' });
  });

  it('needs a token, and honours responseFields', async () => {
    expect((await call('GET', '/api/platform/tenants/100000', { token: null })).status).toBe(401);
    const other = await mock.tokens.issue(fullClient, { tenants: [200000] });
    const trimmed = await call('GET', '/api/platform/tenants/200000?responseFields=id,domain', {
      token: other,
    });
    expect(trimmed.body).toEqual({ id: 200000, domain: 'localhost' });
  });
});

describe('npm start TLS flags', () => {
  it('refuses --tls-cert without --tls-key', async () => {
    const child = spawnCli(['--port', '0', '--tls-cert', 'cert.pem']);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(child.output()).toContain('--tls-cert and --tls-key go together');
  });
});
