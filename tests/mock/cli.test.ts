import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

const node = process.execPath;
const running = new Set<ChildProcess>();

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Starts `npm start`'s script (mock/cli.ts) on a free port and resolves with its base URL. */
async function startCli(args: string[]) {
  const child = spawn(node, ['mock/cli.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)\/api/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

async function firstPages(url: string): Promise<string[]> {
  const ticket = (await (
    await fetch(`${url}/api/platform/applications/authtickets/oauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'mock.app.1.0.0.Release', client_secret: 'mock-secret' }),
    })
  ).json()) as { access_token: string };
  const pages = [];
  for (const query of ['pageSize=200', 'startIndex=200&pageSize=50&sortBy=lastName%20asc']) {
    const response = await fetch(`${url}/api/commerce/customer/accounts?${query}`, {
      headers: { authorization: `Bearer ${ticket.access_token}` },
    });
    pages.push(await response.text());
  }
  return pages;
}

describe('npm start (mock/cli.ts)', () => {
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

  it('refuses a bad flag with a usage message and exit code 2', async () => {
    const child = spawn(node, ['mock/cli.ts', '--accounts', 'many'], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('--accounts must be a whole number');
    expect(stderr).toContain('Usage: npm start');
  });
});
