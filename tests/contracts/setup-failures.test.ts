import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSecret, fullClient, startMockTarget, type RunningTarget } from './support/mock-target.ts';
import { runContractsCli, type Outcome } from './support/contracts-cli.ts';
import { freePort } from '../../bench/free-port.ts';

// A wrong setup must be told in one paragraph within seconds, exit 3, and run no check.
let mock: RunningTarget;
let silent: Server;
const silentSockets = new Set<Socket>();
let notKibo: HttpServer;
let closedPort: number;
let slow: RunningTarget;

const portOf = (server: Server | HttpServer) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  mock = await startMockTarget();
  // Every answer a quarter of a second late: a whole run takes far longer than a short --max-time.
  slow = await startMockTarget((inner) => async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    return inner(request);
  });
  // Takes connections and never answers: a hung host, or a firewall that swallows requests.
  silent = createServer((socket) => silentSockets.add(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  // Answers everything with a web page: a host that is not Kibo's API.
  notKibo = createHttpServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html><body>It works!</body></html>');
  });
  notKibo.listen(0, '127.0.0.1');
  await once(notKibo, 'listening');
  // A port nothing listens on any more: connections are refused.
  closedPort = await freePort();
});

afterAll(async () => {
  await mock?.close();
  await slow?.close();
  for (const socket of silentSockets) socket.destroy();
  silent?.close();
  notKibo?.closeAllConnections();
  notKibo?.close();
});

const credentials = { KIBO_CLIENT_ID: fullClient, KIBO_CLIENT_SECRET: clientSecret };

/** Exit 3 within 10 s, one paragraph (a single line here) naming the flag, no check run. */
function expectSetupFailure(outcome: Outcome, flag: string): void {
  expect(outcome.code, outcome.output).toBe(3);
  expect(outcome.elapsedMs).toBeLessThan(10_000);
  const lines = outcome.output.trim().split('\n');
  expect(lines, outcome.output).toHaveLength(1);
  expect(lines[0]).toMatch(/^contracts: setup failed, no check was run\. /);
  expect(lines[0]).toContain(flag);
  expect(outcome.output).not.toMatch(/PASS|FAIL|passed,/);
  expect(outcome.output).not.toContain(clientSecret);
}

describe('the preflight', { timeout: 60_000 }, () => {
  it('exits 3 naming --base-url when nothing listens there', async () => {
    const outcome = await runContractsCli(['--base-url', `http://127.0.0.1:${closedPort}/api`], credentials);
    expectSetupFailure(outcome, '--base-url');
    expect(outcome.output).toContain('cannot be reached');
    expect(outcome.output).toContain('ECONNREFUSED');
  });

  it('exits 3 within seconds when the host takes the connection and never answers', async () => {
    const outcome = await runContractsCli(
      ['--base-url', `http://127.0.0.1:${portOf(silent)}/api`],
      credentials,
    );
    expectSetupFailure(outcome, '--base-url');
    expect(outcome.output).toContain('accepted the request but answered nothing within 5000 ms');
    expect(outcome.output).toContain('--timeout');
  });

  it('exits 3 naming the client and its flags when the secret is wrong', async () => {
    const { target } = mock;
    const outcome = await runContractsCli(
      ['--base-url', target.baseUrl, '--auth-url', target.authUrl ?? ''],
      { KIBO_CLIENT_ID: fullClient, KIBO_CLIENT_SECRET: 'not-the-secret' },
    );
    expectSetupFailure(outcome, '--client-id and --client-secret');
    expect(outcome.output).toContain(`refused the credentials of client ${fullClient}`);
    expect(outcome.output).toContain('answered 401');
    expect(outcome.output).not.toContain('not-the-secret');
  });

  it('exits 3 naming the limited client when only its secret is wrong', async () => {
    const { target } = mock;
    const outcome = await runContractsCli(
      [
        '--base-url',
        target.baseUrl,
        '--auth-url',
        target.authUrl ?? '',
        '--limited-client-id',
        target.limitedClientId ?? '',
      ],
      { ...credentials, KIBO_LIMITED_CLIENT_SECRET: 'not-the-secret' },
    );
    expectSetupFailure(outcome, '--limited-client-id and --limited-client-secret');
  });

  it('exits 3 naming --base-url when the API is not under it', async () => {
    const origin = target().authUrl ?? '';
    const outcome = await runContractsCli(
      ['--base-url', `${origin}/shop/api`, '--auth-url', origin],
      credentials,
    );
    expectSetupFailure(outcome, '--base-url');
    expect(outcome.output).toContain("does not answer like Kibo's customer API");
    expect(outcome.output).toContain('answered 404');
  });

  it('exits 3 naming --base-url when the host answers web pages', async () => {
    const outcome = await runContractsCli(
      ['--base-url', `http://127.0.0.1:${portOf(notKibo)}/api`],
      credentials,
    );
    expectSetupFailure(outcome, '--base-url');
    expect(outcome.output).toContain('answered 200 text/html');
  });

  it('exits 2, before any request, when the base URL does not end in /api', async () => {
    const outcome = await runContractsCli(['--base-url', target().authUrl ?? ''], credentials);
    expect(outcome.code, outcome.output).toBe(2);
    expect(outcome.output).toContain('--base-url must be the API base ending in /api');
  });
});

describe('the whole run’s limit', { timeout: 60_000 }, () => {
  it('exits 3 at --max-time, skipping the checks not run, and still cleans up', async () => {
    const { target } = slow;
    const outcome = await runContractsCli(
      ['--base-url', target.baseUrl, '--auth-url', target.authUrl ?? '', '--max-time', '2', '--only', 'bulk'],
      credentials,
    );
    expect(outcome.code, outcome.output).toBe(3);
    expect(outcome.elapsedMs).toBeLessThan(30_000);
    expect(outcome.output).toMatch(/SKIP bulk\.\S+ .*not run: the run reached --max-time 2 s/);
    expect(outcome.output).toMatch(
      /contracts: the run reached --max-time 2 s after \d+\.\d s; \d+ checks? w(as|ere) not run/,
    );
    expect(outcome.output).toMatch(/^contracts: cleanup: 1 passed, 0 failed, 0 skipped/m);
    expect(outcome.output).toMatch(/^contracts: preflight passed in \d+\.\d s/m);
  });
});

function target() {
  return mock.target;
}
