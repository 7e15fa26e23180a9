import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/spawned-mock.ts';

// Kibo's SDK given clientId, sharedSecret and authHost speaks only https: it fetches its token
// from https://{authHost}/api/platform/applications/authtickets/oauth, looks the tenant up at
// https://{authHost}/api/platform/tenants/{id} and calls https://{domain}/api. Against
// `npm start -- --tls`, trusting the printed certificate, that works unchanged.
describe('the official SDK logging in on its own against npm start -- --tls', { timeout: 60_000 }, () => {
  it('creates and lists accounts with clientId, sharedSecret and authHost, no accessToken', async () => {
    const mock = await startCli(['--tls']);
    expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const certFile = /tls: +trust (\S+)/.exec(mock.output())?.[1];
    expect(certFile, mock.output()).toBeDefined();

    const child = spawn(process.execPath, ['tests/support/sdk-login.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_EXTRA_CA_CERTS: certFile,
        KIBO_AUTH_HOST: new URL(mock.url).host,
        KIBO_CLIENT_ID: 'mock.app.1.0.0.Release',
        KIBO_SHARED_SECRET: 'mock-secret',
        KIBO_TENANT: '100000',
        KIBO_SITE: '100001',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, output).toBe(0);
    const seen = JSON.parse(output) as {
      created: { id: number; emailAddress: string }[];
      listed: string[];
      totalCount: number;
    };
    expect(seen.created.map((a) => a.emailAddress)).toEqual([
      'sdk.login.one@example.com',
      'sdk.login.two@example.com',
    ]);
    expect(seen.created.every((a) => typeof a.id === 'number')).toBe(true);
    expect(seen.listed).toEqual(['sdk.login.one@example.com', 'sdk.login.two@example.com']);
    // Every call came to this mock, over TLS: the token, the tenant lookup, Bulk and the list.
    expect(mock.output()).toMatch(/POST \/api\/platform\/applications\/authtickets\/oauth 200/);
    expect(mock.output()).toMatch(/GET \/api\/platform\/tenants\/100000 200/);
    expect(mock.output()).toMatch(/POST \/api\/commerce\/customer\/accounts\/Bulk 200/);
  });
});
