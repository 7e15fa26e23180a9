import { execFileSync } from 'node:child_process';

/**
 * The commit the figures belong to, and whether tracked files had changes on top of it. Untracked
 * files do not count: the benchmark's own folder is one of them until its first commit.
 */
export function gitState(root: string): { commit: string; dirty: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', 'HEAD'),
      dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return undefined;
  }
}
