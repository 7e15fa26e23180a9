import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node options `npm start` gives the mock (package.json's start script: `node [options]
 * mock/cli/cli.ts`), so every mock the benchmark measures runs as users start it, its heap sizing
 * included.
 */
export function startNodeOptions(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const start = manifest.scripts?.start ?? '';
  const words = start.split(/\s+/);
  const script = words.indexOf('mock/cli/cli.ts');
  if (words[0] !== 'node' || script < 1) {
    throw new Error(
      `package.json's start script must read "node [options] mock/cli/cli.ts" (got "${start}")`,
    );
  }
  return words.slice(1, script);
}
