// What a frontend project gets: the packed tarball installed with --omit=dev into an empty
// project, its bins run by the machine's own Node (20 here), not the repository's Node 24.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemNode } from '../support/system-node.ts';
import {
  clientSecret as secret,
  fullClient,
  limitedClient,
  otherTenantClient,
  suiteConfig,
} from '../contracts/support/mock-target.ts';
import { loadPlan } from '../../openapi/load-plan.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');
const systemNode = findSystemNode();

let dir: string;
let project: string;
let env: NodeJS.ProcessEnv;
let mock: ReturnType<typeof spawnBin> | undefined;
let mockUrl: string;

/** Every process the tests start, so that none outlives them (and the last test checks so). */
const children = new Set<ChildProcess>();

/**
 * A bin of the installed package, run as npx runs it (node_modules/.bin/NAME, its symlink to the
 * built script) by the machine's Node, itself: no npx or shell in between, whose killing would
 * leave the bin running.
 */
function spawnBin(name: string, args: readonly string[], extraEnv: Record<string, string> = {}) {
  const bin = join(project, 'node_modules', '.bin', name);
  const child = spawn(systemNode?.path ?? 'node', [bin, ...args], {
    cwd: project,
    env: { ...env, ...extraEnv },
  });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** A bin that ends by itself; resolves with its exit code and output. */
async function runBin(name: string, args: readonly string[], extraEnv: Record<string, string> = {}) {
  const child = spawnBin(name, args, extraEnv);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output: child.output() };
}

/** kibo-mock with these flags; resolves once it says where it listens. */
async function startMock(args: readonly string[]) {
  const child = spawnBin('kibo-mock', args);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (https?:\/\/\S+)\/api/.exec(child.output());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`kibo-mock exited with ${code}: ${child.output()}`)));
  });
  return { child, url };
}

/** Every file under a folder, by path relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Whether anything accepts a TCP connection on this loopback port. */
async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false; // ECONNREFUSED
  } finally {
    socket.destroy();
  }
}

describe.skipIf(systemNode === undefined)(
  `the installed package on the machine's Node (${systemNode?.version ?? 'none found on PATH outside the repository'})`,
  { timeout: 300_000 },
  () => {
    beforeAll(async () => {
      if (!systemNode) return;
      // Only the machine's Node on PATH: npm, npx and the bins' `#!/usr/bin/env node` all find it.
      env = { PATH: systemNode.pathVariable, HOME: process.env.HOME ?? tmpdir() };
      dir = mkdtempSync(join(tmpdir(), 'kibo-package-'));
      await run('npm', ['pack', '--pack-destination', dir], { cwd: repoRoot, env: { ...process.env } });
      const [tarball] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
      project = join(dir, 'project');
      await run('mkdir', [project]);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'frontend', private: true, type: 'module' }),
      );
      await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', join(dir, tarball)], {
        cwd: project,
        env,
      });
    }, 300_000);

    afterAll(() => {
      // Only when a test failed before the last one stopped them.
      for (const child of children) if (!exited(child)) child.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('runs on the Node found, not the repository’s', async () => {
      const { stdout } = await run('node', ['--version'], { cwd: project, env });
      expect(stdout.trim()).toBe(systemNode?.version);
    });

    it('starts the mock with the kibo-mock bin, which answers a token and a page of accounts', async () => {
      const config = join(dir, 'mock-config.json');
      // The suite's clients: the defaults and a second tenant's, for the tenant-isolation check.
      writeFileSync(config, JSON.stringify({ clients: suiteConfig.clients }));
      ({ child: mock, url: mockUrl } = await startMock(['--port', '0', '--config', config]));
      const ticket = await fetch(`${mockUrl}/api/platform/applications/authtickets/oauth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: fullClient, client_secret: secret }),
      });
      const { access_token: token } = (await ticket.json()) as { access_token: string };
      const page = await fetch(`${mockUrl}/api/commerce/customer/accounts?pageSize=3`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(page.status).toBe(200);
      expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(3);
    });

    it('passes the contract suite with the kibo-contracts bin, writing JUnit', async () => {
      const expired = await runBin('kibo-mock-token', ['--expired']);
      expect(expired.code, expired.output).toBe(0);
      // The mock's token tool mints, per behavior the document names, a token with all the others.
      const { behaviors } = await loadPlan();
      const without: string[] = [];
      for (const behavior of behaviors) {
        const minted = await runBin('kibo-mock-token', ['--without', behavior]);
        expect(minted.code, minted.output).toBe(0);
        without.push(`${behavior}=${minted.output.trim()}`);
      }
      const junit = join(dir, 'contracts.xml');
      const { code, output } = await runBin(
        'kibo-contracts',
        [
          ...['--base-url', `${mockUrl}/api`, '--auth-url', mockUrl, '--client-id', fullClient],
          ...[
            '--limited-client-id',
            limitedClient,
            '--expired-token',
            expired.output.trim(),
            // The mock keeps the reset codes it would e-mail in its admin outbox: every check runs.
            '--outbox-url',
            `${mockUrl}/__mock/outbox`,
            // The mock's default tenant, so the generated cases of getTenant have one to read.
            '--tenant',
            '100000',
            '--junit',
            junit,
          ],
        ],
        {
          KIBO_CLIENT_SECRET: secret,
          KIBO_LIMITED_CLIENT_SECRET: secret,
          KIBO_OTHER_TENANT_CLIENT_ID: otherTenantClient,
          KIBO_OTHER_TENANT_CLIENT_SECRET: secret,
          KIBO_TOKENS_WITHOUT: without.join(' '),
        },
      );
      expect(code, output).toBe(0);
      expect(output).toMatch(/contracts: [1-9]\d* passed, 0 failed, 0 skipped/);
      expect(output).toContain('PASS auth.other-tenant');
      expect(readdirSync(dir)).toContain('contracts.xml');
    });

    it('fails fast on setup from the install: a wrong secret exits 3 with one paragraph', async () => {
      const started = performance.now();
      const { code, output } = await runBin(
        'kibo-contracts',
        ['--base-url', `${mockUrl}/api`, '--auth-url', mockUrl, '--client-id', fullClient],
        { KIBO_CLIENT_SECRET: 'not-the-secret' },
      );
      expect(code, output).toBe(3);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(output).toContain(`refused the credentials of client ${fullClient}`);
    });

    it('runs the validating proxy from the install, reporting on SIGTERM', async () => {
      const proxy = spawnBin('kibo-contracts', ['proxy', '--upstream', mockUrl, '--port', '0']);
      const url = await new Promise<string>((resolve, reject) => {
        proxy.stderr.on('data', () => {
          const match = /listening on (http:\/\/\S+),/.exec(proxy.output());
          if (match?.[1]) resolve(match[1]);
        });
        proxy.once('exit', (code) => reject(new Error(`the proxy exited with ${code}: ${proxy.output()}`)));
      });
      const page = await fetch(`${url}/api/commerce/customer/accounts?pageSize=2`);
      expect(page.status).toBe(401);
      proxy.kill('SIGTERM');
      const [code] = (await once(proxy, 'exit')) as [number | null];
      expect(code, proxy.output()).toBe(0);
      expect(proxy.output()).toContain('PASS conformance.body-schema');
    });

    it('seeds the running mock with the kibo-seed bin', async () => {
      const { code, output } = await runBin(
        'kibo-seed',
        ['--base-url', `${mockUrl}/api`, '--client-id', fullClient, '--count', '120', '--seed', '7'],
        { KIBO_CLIENT_SECRET: secret },
      );
      expect(code, output).toBe(0);
      expect(output).toMatch(/created\s+120/);
      const status = (await (await fetch(`${mockUrl}/__mock/status`)).json()) as {
        tenants: { tenantId: number; accounts: number }[];
      };
      // The default tenant's 250 generated accounts, the 120 seeded ones, nothing the suite left behind.
      expect(status.tenants.find((t) => t.tenantId === 100000)?.accounts).toBe(370);
    });

    it('exports the typed client and the document’s types by name', async () => {
      const script =
        "const m = await import('kibo-accounts-mock/client'); const t = await import('kibo-accounts-mock/types'); console.log(typeof m.createKiboClient, Object.keys(t).length);";
      const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: project, env });
      expect(stdout.trim()).toBe('function 0');
    });

    it('says what --data-dir needs on a Node without node:sqlite, instead of crashing', async () => {
      const major = Number(/^v(\d+)/.exec(systemNode?.version ?? '')?.[1]);
      if (
        major >= 23 ||
        (major === 22 && systemNode?.version.localeCompare('v22.13.0', undefined, { numeric: true }) !== -1)
      ) {
        // node:sqlite is there, so the mock would start and keep running: persistence is covered
        // by tests/mock/persistence.
        return;
      }
      const { code, output } = await runBin('kibo-mock', ['--port', '0', '--data-dir', join(dir, 'data')]);
      expect(code).toBe(2);
      expect(output).toContain(
        '--data-dir keeps accounts in SQLite through node:sqlite, which needs Node 22.13.0 or later',
      );
    });

    it('type-checks the README’s typed-client example against the installed package and runs it', async () => {
      copyFileSync(join(repoRoot, 'examples/typed-client.ts'), join(project, 'example.ts'));
      const compilerOptions = {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2023', 'dom'],
        strict: true,
        types: [],
        outDir: 'out',
      };
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['example.ts'] }),
      );
      // The repository's TypeScript (a user brings their own); the package's declarations are what is checked.
      await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], {
        cwd: project,
      });
      const script =
        "const { addTwoShoppers } = await import('./out/example.js'); console.log(JSON.stringify(await addTwoShoppers(process.argv[1])));";
      const { stdout } = await run('node', ['--input-type=module', '-e', script, `${mockUrl}/api`], {
        cwd: project,
        env,
      });
      const { created, found } = JSON.parse(stdout) as { created: { userName: string }[]; found: number };
      expect(created.map((a) => a.userName)).toEqual(['ann.lee@example.com', 'mortiz']);
      expect(found).toBe(1);
    });

    it('starts the mock from code on the installed package (the Node entry)', async () => {
      const script = [
        "import { startMockServer } from 'kibo-accounts-mock';",
        'const server = await startMockServer();',
        'const token = await server.token();',
        'const page = await fetch(`${server.baseUrl}/commerce/customer/accounts?pageSize=2`, { headers: { authorization: `Bearer ${token}` } });',
        "const calls = await server.journal.calls('getAccounts');",
        'console.log(page.status, calls.length);',
        'await server.close();',
      ].join('\n');
      const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: project, env });
      expect(stdout.trim()).toBe('200 1');
    });

    it('names each bin in its usage text, not the repository’s npm scripts', async () => {
      const expected = {
        'kibo-mock': /^Usage: kibo-mock /,
        'kibo-mock-token': /^usage: kibo-mock-token /,
        'kibo-contracts': /^Usage: kibo-contracts /,
        'kibo-seed': /^Usage: kibo-seed --base-url[^\n]*\n\s+kibo-seed --count N --out FILE/,
      };
      for (const [bin, usage] of Object.entries(expected)) {
        const { code, output } = await runBin(bin, ['--help']);
        expect.soft(code, bin).toBe(0);
        expect.soft(output, bin).toMatch(usage);
        // Only as the aside "in this repository", never as the command to type.
        expect
          .soft(output.replace(/\([^)]*in this repository[^)]*\)/gi, ''), bin)
          .not.toMatch(/npm (run|start)/);
      }
    });

    it('keeps its caches in the project’s node_modules/.cache, never inside the installed package', async () => {
      const installed = join(project, 'node_modules', 'kibo-accounts-mock');
      const shipped = filesUnder(installed);
      // An edited copy of the document is validated and remembered; --tls makes and keeps a certificate.
      mkdirSync(join(project, 'w'));
      const edited = `${readFileSync(join(installed, 'dist/openapi/customer-accounts.yaml'), 'utf8')}\n# edited\n`;
      writeFileSync(join(project, 'w', 'customer-accounts.yaml'), edited);
      const { child, url } = await startMock([
        '--port',
        '0',
        '--tls',
        '--document',
        'w/customer-accounts.yaml',
      ]);
      child.kill('SIGTERM');
      await once(child, 'exit');

      const cache = join(realpathSync(project), 'node_modules', '.cache', 'kibo-accounts-mock');
      expect(url).toMatch(/^https:/);
      expect(child.output()).toContain(`trust ${join(cache, 'tls', 'localhost-cert.pem')}`);
      expect(filesUnder(cache)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^[0-9a-f]{64}\.json$/),
          join('tls', 'localhost-cert.pem'),
        ]),
      );
      expect(filesUnder(installed)).toEqual(shipped);
    });

    it('leaves no process behind: the stopped mock’s port refuses connections', async () => {
      const port = Number(new URL(mockUrl).port);
      expect(await accepts(port)).toBe(true);
      mock?.kill('SIGTERM');
      if (mock && !exited(mock)) await once(mock, 'exit');
      expect(mock?.exitCode).toBe(0);
      expect([...children].filter((child) => !exited(child))).toEqual([]);
      expect(await accepts(port)).toBe(false);
    });
  },
);
