import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startNodeOptions } from '../../bench/start-options.ts';

const cliScript = join(import.meta.dirname, '..', '..', 'mock', 'cli', 'cli.ts');
const running = new Set<ChildProcess>();

// Every mock a test file spawned is gone when its test ends, passed or failed.
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/**
 * `npm start`'s script (mock/cli/cli.ts and its Node options) with these flags, not waited for: for
 * usage errors. `cwd` is where it runs, which relative paths in the flags are relative to.
 */
export function spawnCli(
  args: readonly string[],
  cwd: string = process.cwd(),
): ChildProcess & { output: () => string } {
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, [...startNodeOptions(root), cliScript, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** The CLI on a free port; resolves with its origin once it prints that it listens. */
export async function startCli(args: readonly string[], cwd?: string) {
  const child = spawnCli(['--port', '0', ...args], cwd);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /listening on (https?:\/\/\S+)\/api/.exec(child.output());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}: ${child.output()}`)));
  });
  return { child, url, output: () => child.output() };
}

/** A token of the default full client from a running mock's oauth endpoint. */
export async function fetchToken(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/platform/applications/authtickets/oauth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'mock.app.1.0.0.Release', client_secret: 'mock-secret' }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}
