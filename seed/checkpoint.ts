import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../client/target-flags.ts';
import { addRange, type IndexRange } from './index-ranges.ts';

/** What a state file says: which accounts of which dataset are known to be on which target. */
export interface SeedState {
  readonly version: 1;
  readonly baseUrl: string;
  readonly tenant: string | null;
  readonly seed: number;
  /** The dataset's clock, so a resumed run generates the very accounts the first run sent. */
  readonly now: string;
  /** Index ranges whose accounts the target holds (created or already there). */
  readonly done: readonly IndexRange[];
}

export type StateIdentity = Pick<SeedState, 'baseUrl' | 'tenant' | 'seed'>;

export interface Checkpoint {
  readonly path: string;
  /** The clock a previous run recorded, if any. */
  readonly recordedNow: string | undefined;
  done(): readonly IndexRange[];
  /** Records a finished batch; the file is replaced atomically, so a kill never leaves half of it. */
  markDone(range: IndexRange, now: string): void;
}

/** Opens the state file at `path` (absent: a fresh start); refuses one written for another target or seed. */
export function openCheckpoint(path: string, identity: StateIdentity): Checkpoint {
  const previous = existsSync(path) ? readState(path) : undefined;
  if (previous) {
    const mismatch = (['baseUrl', 'tenant', 'seed'] as const).find((key) => previous[key] !== identity[key]);
    if (mismatch) {
      throw new UsageError(
        `the state file ${path} belongs to ${describe(previous)}, not ${describe(identity)}; ` +
          'give another --state or delete that file',
      );
    }
  }
  let done: readonly IndexRange[] = previous?.done ?? [];
  return {
    path,
    recordedNow: previous?.now,
    done: () => done,
    markDone(range, now) {
      done = addRange(done, range);
      const state: SeedState = { version: 1, ...identity, now, done };
      mkdirSync(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, `${JSON.stringify(state)}\n`);
      renameSync(partial, path);
    },
  };
}

function readState(path: string): SeedState {
  let state: Partial<SeedState>;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as Partial<SeedState>;
  } catch (error) {
    throw new UsageError(`the state file ${path} is not JSON (${String(error)}); delete it to start over`);
  }
  const valid =
    state.version === 1 &&
    typeof state.baseUrl === 'string' &&
    (typeof state.tenant === 'string' || state.tenant === null) &&
    Number.isSafeInteger(state.seed) &&
    typeof state.now === 'string' &&
    !Number.isNaN(Date.parse(state.now)) &&
    Array.isArray(state.done) &&
    state.done.every(
      (range) =>
        Array.isArray(range) &&
        range.length === 2 &&
        range.every((n) => Number.isSafeInteger(n) && n >= 0) &&
        range[0] < range[1],
    );
  if (!valid)
    throw new UsageError(`the state file ${path} is not a seeder state file; delete it to start over`);
  return state as SeedState;
}

function describe(identity: StateIdentity): string {
  const tenant = identity.tenant === null ? '' : ` tenant ${identity.tenant}`;
  return `seed ${identity.seed} on ${identity.baseUrl}${tenant}`;
}
