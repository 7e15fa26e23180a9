import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const node = join(root, 'node_modules/.bin/node');

export interface Outcome {
  readonly code: number | null;
  readonly output: string;
  /** From start to exit, Node's start-up included. */
  readonly elapsedMs: number;
}

/** Runs the contracts CLI as CI does; asynchronously, because the target it calls may be served by this process. */
export async function runContractsCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const started = performance.now();
  // Only what the CLI needs, so no KIBO_* of the machine running the tests leaks in.
  const child = spawn(node, ['contracts/cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output, elapsedMs: Math.round(performance.now() - started) };
}
