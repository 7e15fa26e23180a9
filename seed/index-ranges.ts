/** Half-open ranges [start, end) of account indexes, kept sorted and merged. */
export type IndexRange = readonly [start: number, end: number];

/** A stretch of [0, count) and whether a checkpoint already covers it. */
export interface Stretch {
  readonly start: number;
  readonly end: number;
  readonly done: boolean;
}

/** The ranges plus `added`, sorted, with touching or overlapping ranges merged. */
export function addRange(ranges: readonly IndexRange[], added: IndexRange): IndexRange[] {
  const sorted = [...ranges, added].filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** How many indexes of [0, count) the ranges cover. */
export function coveredCount(ranges: readonly IndexRange[], count: number): number {
  return ranges.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, count) - start), 0);
}

/**
 * [0, count) cut into batches of at most `size` that never straddle a covered and an uncovered
 * index: a rerun with another batch size resumes exactly where the last run stopped.
 */
export function* batchStretches(
  ranges: readonly IndexRange[],
  count: number,
  size: number,
): Generator<Stretch> {
  let next = 0;
  const emit = function* (start: number, end: number, done: boolean): Generator<Stretch> {
    for (let at = start; at < end; at += size) yield { start: at, end: Math.min(end, at + size), done };
  };
  for (const [start, end] of ranges) {
    if (start >= count) break;
    if (start > next) yield* emit(next, start, false);
    yield* emit(Math.max(start, next), Math.min(end, count), true);
    next = Math.max(next, Math.min(end, count));
  }
  yield* emit(next, count, false);
}
