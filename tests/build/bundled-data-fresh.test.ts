import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { generatedFiles } from '../../build/gen-bundled-data.ts';
import { bundledDocument } from '../../openapi/bundled-document.ts';
import { adminDocumentPath, documentPath, readDocument } from '../../openapi/load-document.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');

it('has bundled documents and scenarios identical to a fresh npm run gen:data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bundled-fresh-'));
  try {
    await run(process.execPath, ['build/gen-bundled-data.ts', '--out', dir], { cwd: repoRoot });
    for (const file of Object.values(generatedFiles)) {
      const committed = await readFile(join(repoRoot, file), 'utf8');
      expect(committed, `${file} is stale: run npm run gen:data`).toBe(
        await readFile(join(dir, file), 'utf8'),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('bundles each document as swagger-parser validates and dereferences the YAML', async () => {
  for (const [name, path] of [
    ['customer-accounts.yaml', documentPath],
    ['mock-admin.yaml', adminDocumentPath],
  ] as const) {
    const bundled = bundledDocument(name);
    const read = await readDocument(path);
    expect(bundled.document).toEqual(read.document);
    expect(bundled.source).toEqual(read.source);
  }
});

it('serves the admin document standing alone: its reference into the API document is bundled in', () => {
  const refs = [...JSON.stringify(bundledDocument('mock-admin.yaml').source).matchAll(/"\$ref":"([^"]*)"/g)];
  expect(refs.length).toBeGreaterThan(0);
  expect(refs.map((ref) => ref[1]).filter((ref) => !ref?.startsWith('#/'))).toEqual([]);
});
