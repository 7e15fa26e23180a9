import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Names the cache folder outright: a CI cache path, or a project whose node_modules is read-only. */
export const cacheDirVariable = 'KIBO_MOCK_CACHE_DIR';

/**
 * Where the kit keeps what it can always rebuild (validated documents, the `--tls` certificate):
 * `$KIBO_MOCK_CACHE_DIR` when set, else `.cache/kibo-accounts-mock` in the nearest node_modules
 * from the working directory up (the project's, as find-cache-dir finds it), else, with no
 * node_modules or a read-only one, the temp folder. Never beside the kit's own modules: installed,
 * they sit in the user's node_modules, and a cache in the package would vanish on every reinstall.
 */
export function cacheDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[cacheDirVariable];
  if (chosen) return resolve(cwd, chosen);
  const modules = nearestNodeModules(resolve(cwd));
  return modules !== undefined && writable(modules)
    ? join(modules, '.cache', 'kibo-accounts-mock')
    : join(tmpdir(), 'kibo-accounts-mock');
}

function nearestNodeModules(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (isFolder(modules)) return modules;
    if (dirname(dir) === dir) return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
