import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { repoRoot } from './helpers.ts';

const run = promisify(execFile);

async function genTypesScript(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.['gen:types'];
  if (!script) throw new Error('package.json has no gen:types script');
  return script;
}

it('has generated types identical to a fresh openapi-typescript run (npm run gen:types)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'types-fresh-'));
  try {
    const fresh = join(dir, 'types.gen.ts');
    // Run the gen:types script itself (its CLI and arguments, from the repository root), only with
    // the output redirected, so the result is byte for byte what the script would commit.
    const args = (await genTypesScript()).split(/\s+/);
    const output = args.findIndex((arg) => arg === '-o' || arg === '--output');
    if (args[0] !== 'openapi-typescript' || output < 0)
      throw new Error(`unexpected gen:types: ${args.join(' ')}`);
    args.splice(output, 2, '-o', fresh);
    const cli = join(repoRoot, 'node_modules/openapi-typescript/bin/cli.js');
    await run(process.execPath, [cli, ...args.slice(1)], { cwd: repoRoot });
    const committed = await readFile(join(repoRoot, 'openapi/types.gen.ts'), 'utf8');
    expect(committed, 'openapi/types.gen.ts is stale: run npm run gen:types').toBe(
      await readFile(fresh, 'utf8'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
