import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { renderViolation, type RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { startProxy, type RunningProxy } from '../../contracts/proxy/start-proxy.ts';
import { brokenImplementations } from './support/broken-implementations.ts';
import { clientSecret, fullClient, startMockTarget, type RunningTarget } from './support/mock-target.ts';

// The proxy on a real loopback socket, in front of the mock served on another; both always closed.
const open: { proxy?: RunningProxy; upstream?: RunningTarget } = {};

afterEach(async () => {
  await open.proxy?.stop().catch(() => undefined);
  await open.upstream?.close();
  delete open.proxy;
  delete open.upstream;
});

async function proxyInFrontOf(upstream: RunningTarget, strict = true): Promise<RunningProxy> {
  open.upstream = upstream;
  open.proxy = await startProxy({
    upstream: upstream.target.authUrl ?? '',
    port: 0,
    host: '127.0.0.1',
    strict,
    timeoutMs: 10_000,
  });
  return open.proxy;
}

async function stop(proxy: RunningProxy): Promise<RunResult> {
  delete open.proxy;
  return proxy.stop();
}

const broken = (name: string) => {
  const found = brokenImplementations.find((b) => b.name === name);
  if (!found) throw new Error(`no broken implementation named ${name}`);
  return found;
};

async function tokenThrough(proxy: RunningProxy): Promise<string> {
  const response = await fetch(`${proxy.url}/api/platform/applications/authtickets/oauth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: fullClient,
      client_secret: clientSecret,
      grant_type: 'client_credentials',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function bulkThrough(proxy: RunningProxy, token: string, items: unknown[]): Promise<Response> {
  const response = await fetch(`${proxy.url}/api/commerce/customer/accounts/Bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(items),
  });
  await response.arrayBuffer();
  return response;
}

const account = (n: number) => ({
  account: { emailAddress: `proxy.${n}.${Date.now()}@example.com`, firstName: 'Pat', lastName: 'Proxy' },
});

describe('the validating proxy', () => {
  it('reports nothing in front of the mock, whatever the traffic (the whole suite through it)', async () => {
    const upstream = await startMockTarget();
    const proxy = await proxyInFrontOf(upstream);
    const through = {
      ...upstream.target,
      baseUrl: `${proxy.url}/api`,
      authUrl: proxy.url,
      outboxUrl: `${proxy.url}/__mock/outbox`,
    };
    const suite = await runChecks(through, { strict: true, only: ['bulk', 'auth', 'bad-input'] });
    expect(suite.summary.failed).toBe(0);
    const result = await stop(proxy);
    expect(result.checks.map((check) => [check.id, check.status])).toEqual([
      ['bad-input.accepted-in-traffic', 'passed'],
      ['conformance.status-declared', 'passed'],
      ['conformance.content-type', 'passed'],
      ['conformance.body-schema', 'passed'],
      ['conformance.required-headers', 'passed'],
    ]);
  }, 120_000);

  it('reports the broken rule in front of a broken implementation, by the suite’s name', async () => {
    const flaw = broken('answers ids as strings');
    const proxy = await proxyInFrontOf(await startMockTarget(flaw.wrap), false);
    const reply = await bulkThrough(proxy, await tokenThrough(proxy), [account(1), account(2)]);
    expect(reply.status).toBe(200);
    const result = await stop(proxy);
    const bodySchema = result.checks.find((check) => check.id === 'conformance.body-schema');
    expect(bodySchema?.status).toBe('failed');
    expect(bodySchema?.violations.map(renderViolation).join('\n')).toContain(flaw.evidence);
    expect(result.summary.failed).toBe(1);
  }, 60_000);

  it('reports a request the document refuses that was answered with a success, as an assumption', async () => {
    const flaw = broken('accepts an oversize batch');
    const upstream = await startMockTarget(flaw.wrap);
    const proxy = await proxyInFrontOf(upstream);
    const token = await tokenThrough(proxy);
    const oversize = Array.from({ length: 1001 }, (_, n) => account(n));
    expect((await bulkThrough(proxy, token, oversize)).status).toBe(200);
    const result = await stop(proxy);
    const accepted = result.checks.find((check) => check.id === 'bad-input.accepted-in-traffic');
    expect(accepted?.status).toBe('failed');
    expect(accepted?.violations[0]).toMatchObject({ assumption: 'batch-limit' });
    expect(accepted?.violations.map(renderViolation).join('\n')).toContain(
      'answered 200 to a request the document refuses: body / must NOT have more than 1000 items',
    );
  }, 60_000);

  it('answers 502 when the upstream does not answer, and judges nothing', async () => {
    const upstream = await startMockTarget();
    await upstream.close();
    const proxy = await proxyInFrontOf({ target: upstream.target, close: () => Promise.resolve() });
    const response = await fetch(`${proxy.url}/api/commerce/customer/accounts`);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('no answer from');
    const result = await stop(proxy);
    expect(result.checks.filter((check) => check.status === 'failed')).toEqual([]);
  });

  it('runs as kibo-contracts proxy: stops on SIGTERM, prints the report, writes JSON, exit 1 on a broken answer', async () => {
    const flaw = broken('answers ids as strings');
    const upstream = await startMockTarget(flaw.wrap);
    open.upstream = upstream;
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'proxy-cli-'));
    const child = spawn(
      join(root, 'node_modules/.bin/node'),
      [
        'contracts/cli.ts',
        'proxy',
        '--upstream',
        upstream.target.authUrl ?? '',
        '--port',
        '0',
        '--json',
        join(dir, 'r.json'),
      ],
      { cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const listening = /listening on (http:\/\/\S+),/.exec(output)?.[1];
          if (listening) resolve(listening);
        });
        child.once('exit', () => reject(new Error(output)));
      });
      const proxy = { url, stop: () => Promise.reject(new Error('not in process')) };
      await bulkThrough(proxy, await tokenThrough(proxy), [account(1)]);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, output).toBe(1);
      expect(output).toContain('FAIL conformance.body-schema');
      const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResult;
      expect(json.summary.failed).toBe(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
