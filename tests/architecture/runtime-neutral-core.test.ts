// The code that builds the mock app runs in Node, in a browser page and in msw handlers, so it may
// use web-standard APIs only (style.md, "Runtime-neutral core, thin shells"). This test follows
// every import at run time from the core's entry points and fails on anything Node-only on the way.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where the runtime-neutral code starts: the app, the msw handlers, the typed client. */
export const coreEntries = ['mock/app.ts', 'msw/index.ts', 'client/kibo-client.ts'];

/** Packages that exist only on Node (besides its built-in modules). */
const nodeOnlyPackages = ['@hono/node-server'];

const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Import and export-from statements that exist at run time: `import type` and `export type` are
 * erased, so they may name anything. Dynamic imports count too.
 */
const runtimeImport = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\bfrom\s*)?(['"])([^'"\n]+)\1/gm;
const dynamicImport = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

export interface Finding {
  readonly file: string;
  readonly problem: string;
}

/** Every Node-only thing the core reaches, with the file that reaches it. */
export function nodeOnlyUses(entries: readonly string[], read: (path: string) => string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const queue = [...entries];
  const builtins = new Set(builtinModules);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = read(file);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of [...code.matchAll(runtimeImport), ...code.matchAll(dynamicImport)]) {
      const specifier = match[2] ?? '';
      if (specifier.startsWith('.')) {
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        if (target.endsWith('.ts')) queue.push(target);
      } else if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) {
        findings.push({ file, problem: `imports ${specifier}` });
      } else if (nodeOnlyPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
        findings.push({ file, problem: `imports ${specifier}, which runs on Node only` });
      }
    }
    for (const global of ['Buffer', 'process', '__dirname', 'require']) {
      if (new RegExp(`(?<![.\\w'"\`])${global}\\b(?!['"\`:])`).test(code)) {
        findings.push({ file, problem: `uses Node's ${global}` });
      }
    }
  }
  return findings;
}

describe('the runtime-neutral core', () => {
  it('reaches nothing Node-only from the app, the msw handlers or the typed client', () => {
    const reached: string[] = [];
    const findings = nodeOnlyUses(coreEntries, (path) => {
      reached.push(path);
      return readFileSync(join(repoRoot, path), 'utf8');
    });
    // Guard against a walk that follows nothing (a renamed entry would otherwise pass).
    expect(reached.length).toBeGreaterThan(60);
    expect(findings.map((f) => `${f.file} ${f.problem}`)).toEqual([]);
  });

  it('reports node: imports, Node-only packages and Node globals anywhere down the graph', () => {
    const files: Record<string, string> = {
      'mock/app.ts': "import { a } from './x.ts';\nimport type { T } from 'node:fs';\n",
      'mock/x.ts': "export { b } from '../y/z.ts';\nconst key = Buffer.from('k');\n",
      'y/z.ts':
        "import { createHash } from 'node:crypto';\nimport { serve } from '@hono/node-server';\nconst data = await import('fs');\n// process.exit() in a comment is fine\n",
    };
    expect(nodeOnlyUses(['mock/app.ts'], (path) => files[path] ?? '')).toEqual([
      { file: 'mock/x.ts', problem: "uses Node's Buffer" },
      { file: 'y/z.ts', problem: 'imports node:crypto' },
      { file: 'y/z.ts', problem: 'imports @hono/node-server, which runs on Node only' },
      { file: 'y/z.ts', problem: 'imports fs' },
    ]);
  });
});
