import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { documentPath, loadDocument } from '../../openapi/load-document.ts';
import { componentSchema } from '../../openapi/rules.ts';
import { createAjv, describeErrors, repoRoot } from './helpers.ts';

const loaded = await loadDocument();
const bulk = loaded.operation('addAccounts');
const requestExamples = Object.entries(
  (bulk.operation.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']?.examples ?? {},
).map(([name, example]) => [name, (example as OpenAPIV3_1.ExampleObject).value as unknown] as const);

const ajv = createAjv(loaded.document);
const validate = ajv.compile(componentSchema(loaded, 'CustomerAccountCollection'));

let prism: ChildProcess | undefined;
let baseUrl = '';
let output = '';

/** A port the OS just handed out on loopback; Prism binds it right after. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the OS');
  return address.port;
}

/** Resolves once Prism answers any HTTP request; rejects if it exits or stays silent. */
async function waitUntilAnswering(child: ChildProcess, url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(url);
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`Prism did not answer on ${url} within the time limit:\n${output}`);
}

beforeAll(async () => {
  const port = await freePort();
  const cli = join(repoRoot, 'node_modules/@stoplight/prism-cli/dist/index.js');
  // Our Node 24 runs Prism; `detached` gives it its own process group so afterAll can end all of it.
  prism = spawn(process.execPath, [cli, 'mock', documentPath, '-p', String(port), '-h', '127.0.0.1'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prism.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  prism.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Prism matches the document's paths as written, without the server URL's `/api` prefix
  // (prism-cli 5.14 answers 404 NO_PATH_MATCHED_ERROR on /api/commerce/…).
  baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(prism, baseUrl, Date.now() + 25_000);
}, 30_000);

/** Signals Prism's whole process group; one that is already gone needs no signal. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

afterAll(async () => {
  const child = prism;
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const { pid } = child;
  const exited = once(child, 'exit');
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
});

it.each(requestExamples)(
  'Prism answers the Bulk request example %s with a valid CustomerAccountCollection',
  async (name, body) => {
    const response = await fetch(`${baseUrl}${bulk.path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `POST ${bulk.path} (example ${name}) → ${text}`).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const payload = JSON.parse(text) as unknown;
    expect(
      validate(payload),
      `${name}: CustomerAccountCollection\n${describeErrors(ajv, validate.errors)}`,
    ).toBe(true);
  },
);
