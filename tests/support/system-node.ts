import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const repoRoot = realpathSync(join(import.meta.dirname, '..', '..'));

export interface SystemNode {
  /** The executable, by absolute path. */
  readonly path: string;
  /** `v20.20.2` */
  readonly version: string;
  /** PATH with this Node's folder first and the repository's node_modules/.bin left out. */
  readonly pathVariable: string;
}

/**
 * The machine's own Node (what `/usr/bin/env node` finds outside the repository), not the Node 24
 * the repository's npm scripts put first on PATH: what a user of the installed package has.
 */
export function findSystemNode(path: string = process.env.PATH ?? ''): SystemNode | undefined {
  const outside = path
    .split(delimiter)
    .filter((dir) => dir !== '' && !realpathOrSelf(dir).startsWith(repoRoot));
  for (const dir of outside) {
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    if (realpathOrSelf(candidate).startsWith(repoRoot)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    return { path: candidate, version, pathVariable: [dir, ...outside].join(delimiter) };
  }
  return undefined;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
