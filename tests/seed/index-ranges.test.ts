import { describe, expect, it } from 'vitest';
import { addRange, batchStretches, coveredCount, type IndexRange } from '../../seed/index-ranges.ts';

describe('addRange', () => {
  it('merges touching and overlapping ranges and keeps them sorted', () => {
    let ranges: IndexRange[] = [];
    for (const range of [
      [200, 300],
      [0, 100],
      [100, 150],
      [500, 600],
      [250, 520],
    ] as const)
      ranges = addRange(ranges, range);
    expect(ranges).toEqual([
      [0, 150],
      [200, 600],
    ]);
  });
});

describe('coveredCount', () => {
  it('counts only the indexes below count', () => {
    expect(
      coveredCount(
        [
          [0, 100],
          [150, 400],
        ],
        200,
      ),
    ).toBe(150);
  });
});

describe('batchStretches', () => {
  it('cuts [0, count) into batches that never mix done and pending indexes', () => {
    const stretches = [
      ...batchStretches(
        [
          [0, 120],
          [250, 260],
        ],
        300,
        100,
      ),
    ];
    expect(stretches).toEqual([
      { start: 0, end: 100, done: true },
      { start: 100, end: 120, done: true },
      { start: 120, end: 220, done: false },
      { start: 220, end: 250, done: false },
      { start: 250, end: 260, done: true },
      { start: 260, end: 300, done: false },
    ]);
  });

  it('covers every index once, whatever the batch size of the earlier run', () => {
    const done: IndexRange[] = [
      [0, 30],
      [45, 90],
    ];
    for (const size of [1, 7, 50, 1000]) {
      const seen = [...batchStretches(done, 100, size)].flatMap(({ start, end }) =>
        Array.from({ length: end - start }, (_, k) => start + k),
      );
      expect(seen).toEqual(Array.from({ length: 100 }, (_, k) => k));
    }
  });

  it('ignores done ranges past count', () => {
    expect([...batchStretches([[50, 500]], 60, 100)]).toEqual([
      { start: 0, end: 50, done: false },
      { start: 50, end: 60, done: true },
    ]);
  });
});
