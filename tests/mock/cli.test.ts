import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { fetchToken, spawnCli, startCli } from '../support/spawned-mock.ts';

async function firstPages(url: string): Promise<string[]> {
  const token = await fetchToken(url);
  const pages = [];
  for (const query of ['pageSize=200', 'startIndex=200&pageSize=50&sortBy=lastName%20asc']) {
    const response = await fetch(`${url}/api/commerce/customer/accounts?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    pages.push(await response.text());
  }
  return pages;
}

describe('npm start (mock/cli/cli.ts)', () => {
  it('prints the URL, the default clients and how to get a token', async () => {
    const { output } = await startCli([]);
    expect(output()).toContain('mock.app.1.0.0.Release');
    expect(output()).toContain('mock.limited.1.0.0.Release');
    expect(output()).toContain('npm run -s token');
  });

  it('gives byte-identical pages for two runs with the same --seed and --now', async () => {
    const args = ['--seed', '42', '--accounts', '300', '--now', '2026-01-15T12:00:00Z'];
    const first = await startCli(args);
    const second = await startCli(args);
    const [a, b] = await Promise.all([firstPages(first.url), firstPages(second.url)]);
    expect(a[0]?.length).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
    const other = await startCli(['--seed', '43', '--accounts', '300', '--now', '2026-01-15T12:00:00Z']);
    expect((await firstPages(other.url))[0]).not.toEqual(a[0]);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const { child, output } = await startCli([]);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output()).toContain('SIGTERM: shutting down');
  });

  it('refuses to listen beyond loopback with the embedded key and default secrets', async () => {
    const child = spawnCli(['--port', '0', '--host', '0.0.0.0']);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(child.output()).toContain('Refusing to listen on 0.0.0.0 with the embedded signing key');
    expect(child.output()).toContain('--insecure-defaults');
  });

  it('listens beyond loopback when told the defaults are meant, and says so in the banner', async () => {
    const { output } = await startCli(['--host', '0.0.0.0', '--insecure-defaults']);
    expect(output()).toContain('WARNING: listening on 0.0.0.0 with the embedded signing key');
  });

  it('refuses a bad flag with a usage message and exit code 2', async () => {
    const child = spawnCli(['--accounts', 'many']);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(child.output()).toContain('--accounts must be a whole number');
    expect(child.output()).toContain('Usage: kibo-mock');
  });
});
