// The project's top-level folders are parts with one dependency direction: openapi/ is the base,
// the mock and the tools that talk to a real tenant (contracts/, seed/) never lean on each other.
// This test reads every source file, resolves each relative import to the part it lands in, and
// checks it against the table below. It uses plain text matching (no compiler), so it stays fast
// and has no dependencies; the patterns are deliberately loose, because a missed import is worse
// than an odd false alarm.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which parts each part may import (besides itself). `'anything'` is for the harnesses: bench and
 * tests drive every part, so they may reach into all of them.
 */
const allowed = {
  // The document, its loader and the compiled plan: everything reads it, it reads nothing.
  openapi: [],
  // The data generator shapes its output by the document's schemas, and nothing else.
  dataset: ['openapi'],
  // The HTTP client works against any target, so it must not know the mock exists.
  client: ['openapi'],
  // The mock serves generated data; it never borrows the tools that test or fill a real tenant.
  mock: ['openapi', 'dataset'],
  // The msw handlers are the mock's app behind msw's interception, nothing more.
  msw: ['openapi', 'mock'],
  // The contract suite judges a target from outside, through the client: using the mock's or the
  // generator's code would make it agree with the mock by construction.
  contracts: ['openapi', 'client'],
  // The seeder fills a tenant with generated data through the client.
  seed: ['openapi', 'dataset', 'client'],
  bench: 'anything',
  // Examples use the package by its name, as a frontend project would: no relative imports.
  examples: [],
  // Build tooling (the bundled data, the package, the browser example) reads every part's files.
  build: 'anything',
  tests: 'anything',
} as const satisfies Record<string, readonly string[] | 'anything'>;

type Part = keyof typeof allowed;
const parts = Object.keys(allowed) as Part[];

/**
 * Folders that hold data read at run time, not code with a place in the direction; importing from
 * them (a JSON schema, say) is fine from any part.
 */
const dataFolders = ['scenarios'];

/** The CLI is the outermost shell: nothing may lean on it, except the harnesses that start it. */
const cliFolder = 'mock/cli/';
const mayImportCli: readonly Part[] = ['bench', 'build', 'tests'];

/**
 * Specifiers as written: `from '…'` (import and export-from, over any number of lines), a bare
 * `import '…'`, and `import('…')`. A dynamic import with a computed path cannot be checked here.
 */
const specifierPatterns = [
  /\bfrom\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*\(\s*(['"`])([^'"`\n$]+)\1\s*\)/g,
];

function partOf(repoPath: string): Part | undefined {
  const top = repoPath.split('/')[0];
  return parts.find((part) => part === top);
}

function mayImport(from: Part, to: Part): boolean {
  const rule: readonly string[] | 'anything' = allowed[from];
  return to === from || rule === 'anything' || rule.includes(to);
}

/** Repository-relative paths, with `/`; the checker itself never touches the disk. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** Every forbidden relative import, as `file:line → specifier (why)`, in file order. */
export function findViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = partOf(file.path);
    if (from === undefined) {
      violations.push(`${file.path} is in no part: add its folder to the table of allowed dependencies`);
      continue;
    }
    const lines = file.text.split('\n');
    const found = specifierPatterns
      .flatMap((pattern) => [...file.text.matchAll(pattern)])
      .map((match) => ({
        specifier: match[2] ?? '',
        line: file.text.slice(0, match.index).split('\n').length,
      }))
      .sort((a, b) => a.line - b.line);
    for (const { specifier, line } of found) {
      // Package imports (node:fs, vitest, hono…) are the package manager's business, not ours.
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      // A comment that mentions an import is not one.
      const lineText = lines[line - 1]?.trimStart() ?? '';
      if (lineText.startsWith('//') || lineText.startsWith('*') || lineText.startsWith('/*')) continue;

      const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
      const at = `${file.path}:${line} → ${specifier}`;
      const to = partOf(target);
      if (target === '..' || target.startsWith('../')) {
        // The repository must stand alone: a sibling checkout is not there on someone else's machine.
        violations.push(`${at} (${from} may not import from outside the repository)`);
      } else if (to === undefined) {
        if (!dataFolders.includes(target.split('/')[0] ?? '')) {
          violations.push(`${at} (${from} may not import ${target}, which is in no part)`);
        }
      } else if (!mayImport(from, to)) {
        violations.push(`${at} (${from} may not import ${to})`);
      } else if (
        target.startsWith(cliFolder) &&
        !file.path.startsWith(cliFolder) &&
        !mayImportCli.includes(from)
      ) {
        violations.push(`${at} (${from} may not import mock/cli: the CLI is the outermost shell)`);
      }
    }
  }
  return violations;
}

const repoRoot = join(import.meta.dirname, '..', '..');

/** Every `*.ts` file under the parts' folders, skipping installed packages. */
function readTree(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.ts')) {
        files.push({ path: relative(repoRoot, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const part of parts) walk(join(repoRoot, part));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

// The real-tree scan reads this file too, and would resolve fixture specifiers from
// tests/architecture/. Most land harmlessly in tests/, but not all (`../../elsewhere/…` would land in
// no part), so fixtures pass their specifiers through this helper: the scan sees `${specifier}`.
const importing = (specifier: string): string => `import { thing } from '${specifier}';\n`;

describe('dependency direction between the top-level parts', () => {
  it('holds for every source file in the repository', () => {
    const files = readTree();
    // Guard against a walk that silently finds nothing (a moved test, a wrong root).
    expect(files.length).toBeGreaterThan(100);
    const violations = findViolations(files);
    expect(violations, `forbidden imports:\n${violations.join('\n')}`).toEqual([]);
  });

  it('reports forbidden imports, so the check above can fail', () => {
    const violations = findViolations([
      { path: 'contracts/x.ts', text: `// first line\n${importing('../mock/app.ts')}` },
      { path: 'openapi/y.ts', text: `const load = () => import('../dataset/create-dataset.ts');\n` },
      { path: 'seed/z.ts', text: `import {\n  a,\n  b,\n} from '../contracts/check.ts';\n` },
      { path: 'mock/http/w.ts', text: importing('../cli/server.ts') },
      { path: 'mock/v.ts', text: importing('../../elsewhere/util.ts') },
    ]);
    expect(violations).toEqual([
      'contracts/x.ts:2 → ../mock/app.ts (contracts may not import mock)',
      'openapi/y.ts:1 → ../dataset/create-dataset.ts (openapi may not import dataset)',
      'seed/z.ts:4 → ../contracts/check.ts (seed may not import contracts)',
      'mock/http/w.ts:1 → ../cli/server.ts (mock may not import mock/cli: the CLI is the outermost shell)',
      'mock/v.ts:1 → ../../elsewhere/util.ts (mock may not import from outside the repository)',
    ]);
  });

  it('lets allowed imports through', () => {
    const violations = findViolations([
      { path: 'mock/a.ts', text: importing('../openapi/load-document.ts') + importing('./http/b.ts') },
      { path: 'mock/cli/c.ts', text: importing('../app.ts') + importing('../node/server.ts') },
      { path: 'tests/d.test.ts', text: importing('../mock/node/server.ts') + importing('../seed/e.ts') },
      { path: 'seed/f.ts', text: `import { x } from 'node:fs';\n// see import('../mock/app.ts')\n` },
    ]);
    expect(violations).toEqual([]);
  });
});
