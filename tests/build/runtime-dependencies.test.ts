import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

// `npm ci --omit=dev` must be enough to run what the package ships (the contracts CLI in CI above
// all): every package a shipped module imports at run time is a dependency (or msw, the optional
// peer of the msw entry). Type-only imports vanish when the sources are built, so they may name
// devDependencies.
const root = join(import.meta.dirname, '..', '..');
// What the package build compiles (tsconfig.build.json's include), so a folder added there is judged too.
const buildConfig = ts.readConfigFile(join(root, 'tsconfig.build.json'), (path) => ts.sys.readFile(path));
const shipped = (buildConfig.config as { include: string[] }).include;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

/** Import and export-from specifiers that stay in the built JavaScript. */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) {
    if (match[2] === undefined && match[3] !== undefined) found.push(match[3]);
  }
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier))
    return undefined;
  const [first, second] = specifier.split('/');
  return first?.startsWith('@') ? `${first}/${second ?? ''}` : first;
}

it('imports at run time only dependencies (and the optional msw peer) from every shipped folder', () => {
  const missing: string[] = [];
  for (const folder of shipped) {
    const files = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'),
    );
    for (const file of files) {
      const path = join(root, folder, file);
      for (const specifier of runtimeImports(readFileSync(path, 'utf8'))) {
        const name = packageOf(specifier);
        if (name === undefined || name in manifest.dependencies || name in manifest.peerDependencies)
          continue;
        missing.push(`${relative(root, path)} imports ${specifier}`);
      }
    }
  }
  expect(missing).toEqual([]);
});

it('finds the runtime imports it judges (a check that sees none would pass anything)', () => {
  const source = readFileSync(join(root, 'contracts/proxy/start-proxy.ts'), 'utf8');
  expect(runtimeImports(source)).toContain('@hono/node-server');
  expect(runtimeImports("import type { X } from 'openapi-types';\nimport { y } from 'ajv';")).toEqual([
    'ajv',
  ]);
});
