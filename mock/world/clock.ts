/** Milliseconds since the epoch. Injected everywhere time matters so `--now` can freeze it. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock stopped at one instant: responses become byte-identical run to run. */
export function fixedClock(iso: string): Clock {
  const at = Date.parse(iso);
  if (Number.isNaN(at))
    throw new Error(`--now must be an ISO 8601 time such as 2026-01-01T00:00:00Z (got "${iso}")`);
  return () => at;
}
