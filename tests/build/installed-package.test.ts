// What a frontend project gets: the packed tarball installed with --omit=dev into an empty
// project, its bins run by the machine's own Node (20 here), not the repository's Node 24.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemNode } from '../support/system-node.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');
const systemNode = findSystemNode();
const secret = 'mock-secret';
const fullClient = 'mock.app.1.0.0.Release';
const limitedClient = 'mock.limited.1.0.0.Release';

let dir: string;
let project: string;
let env: NodeJS.ProcessEnv;
let mock: ChildProcess | undefined;
let mockUrl: string;
let mockOutput = '';

/** A bin of the installed package through npx, as a user runs it; resolves with its exit and output. */
async function npx(args: readonly string[], extraEnv: Record<string, string> = {}) {
  const child = spawn('npx', ['--no-install', ...args], { cwd: project, env: { ...env, ...extraEnv } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
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
      mock?.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('runs on the Node found, not the repository’s', async () => {
      const { stdout } = await run('node', ['--version'], { cwd: project, env });
      expect(stdout.trim()).toBe(systemNode?.version);
    });

    it('starts the mock with npx kibo-mock, which answers a token and a page of accounts', async () => {
      mock = spawn('npx', ['--no-install', 'kibo-mock', '--port', '0'], { cwd: project, env });
      mock.stdout?.on('data', (chunk: Buffer) => (mockOutput += chunk.toString()));
      mock.stderr?.on('data', (chunk: Buffer) => (mockOutput += chunk.toString()));
      mockUrl = await new Promise<string>((resolve, reject) => {
        mock?.stdout?.on('data', () => {
          const match = /listening on (http:\/\/\S+)\/api/.exec(mockOutput);
          if (match?.[1]) resolve(match[1]);
        });
        mock?.once('exit', (code) => reject(new Error(`kibo-mock exited with ${code}: ${mockOutput}`)));
      });
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

    it('passes the contract suite with npx kibo-contracts, writing JUnit', async () => {
      const expired = await npx(['kibo-mock-token', '--expired']);
      expect(expired.code, expired.output).toBe(0);
      const junit = join(dir, 'contracts.xml');
      const { code, output } = await npx(
        [
          'kibo-contracts',
          ...['--base-url', `${mockUrl}/api`, '--auth-url', mockUrl, '--client-id', fullClient],
          ...[
            '--limited-client-id',
            limitedClient,
            '--expired-token',
            expired.output.trim(),
            '--junit',
            junit,
          ],
        ],
        { KIBO_CLIENT_SECRET: secret, KIBO_LIMITED_CLIENT_SECRET: secret },
      );
      expect(code, output).toBe(0);
      expect(output).toMatch(/contracts: [1-9]\d* passed, 0 failed, 0 skipped/);
      expect(readdirSync(dir)).toContain('contracts.xml');
    });

    it('seeds the running mock with npx kibo-seed', async () => {
      const { code, output } = await npx(
        [
          'kibo-seed',
          '--base-url',
          `${mockUrl}/api`,
          '--client-id',
          fullClient,
          '--count',
          '120',
          '--seed',
          '7',
        ],
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
      const { code, output } = await npx(['kibo-mock', '--port', '0', '--data-dir', join(dir, 'data')]);
      if (
        major >= 23 ||
        (major === 22 && systemNode?.version.localeCompare('v22.13.0', undefined, { numeric: true }) !== -1)
      ) {
        return; // node:sqlite is there: persistence is covered by tests/mock/persistence.
      }
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
  },
);
