import { setTimeout as delay } from 'node:timers/promises';

/**
 * A pause shared by every worker: when the target answers 429 with Retry-After, nobody sends until
 * then, rather than each worker finding out with a 429 of its own.
 */
export interface Pacer {
  pauseUntil(time: number): void;
  /** Resolves once no pause is in force; false when the signal aborted the wait. */
  ready(signal?: AbortSignal): Promise<boolean>;
}

export function createPacer(clock: () => number = Date.now): Pacer {
  let until = 0;
  return {
    pauseUntil(time) {
      until = Math.max(until, time);
    },
    async ready(signal) {
      for (let wait = until - clock(); wait > 0; wait = until - clock()) {
        if (!(await sleep(wait, signal))) return false;
      }
      return !signal?.aborted;
    },
  };
}

/** Waits `ms`; false (at once) when the signal aborts, so Ctrl-C never waits out a backoff. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal?.aborted) return false;
    throw error;
  }
}
