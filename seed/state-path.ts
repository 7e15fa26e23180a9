import { join } from 'node:path';

/** Where state files go by default; the folder is gitignored. */
export const stateFolder = '.seed-state';

/**
 * `.seed-state/<host>-seed<S>.json`: one file per target and seed, so a rerun with the same seed
 * finds it and another seed or target never does. The count is left out on purpose: a rerun with
 * a larger --count resumes and adds the rest.
 */
export function defaultStatePath(baseUrl: string, seed: number, tenant: string | null): string {
  const host = new URL(baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '-');
  return join(stateFolder, `${host}${tenant === null ? '' : `-tenant${tenant}`}-seed${seed}.json`);
}
