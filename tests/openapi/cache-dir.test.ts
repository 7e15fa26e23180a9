import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cacheDir } from '../../openapi/cache-dir.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'cache-dir-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('uses the nearest node_modules above the working directory, as find-cache-dir does', () => {
  const project = join(root, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  mkdirSync(join(project, 'src', 'deep'), { recursive: true });
  expect(cacheDir(join(project, 'src', 'deep'), {})).toBe(
    join(project, 'node_modules', '.cache', 'kibo-accounts-mock'),
  );
});

// Only meaningful where no folder above the temp folder has a node_modules of its own.
const above = (dir: string): string[] => (dirname(dir) === dir ? [dir] : [dir, ...above(dirname(dir))]);
const bareTemp = !above(root).some((dir) => existsSync(join(dir, 'node_modules')));

it.runIf(bareTemp)('falls back to the temp folder where no node_modules is found', () => {
  const bare = join(root, 'bare');
  mkdirSync(bare);
  expect(cacheDir(bare, {})).toBe(join(tmpdir(), 'kibo-accounts-mock'));
});

it('takes KIBO_MOCK_CACHE_DIR over both, relative to the working directory', () => {
  expect(cacheDir(root, { KIBO_MOCK_CACHE_DIR: 'ci-cache' })).toBe(join(root, 'ci-cache'));
  expect(cacheDir(root, { KIBO_MOCK_CACHE_DIR: '/var/cache/kibo' })).toBe('/var/cache/kibo');
});
