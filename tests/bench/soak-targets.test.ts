import { describe, expect, it } from 'vitest';
import { soakMet, soakTargets, type SoakSlice } from '../../bench/soak.ts';

const MB = 2 ** 20;
const minute = (n: number, okPerSecond: number, rssMB: number, failures = 0): SoakSlice => ({
  minute: n,
  okPerSecond,
  non2xx: failures,
  errors: 0,
  rssBytes: rssMB * MB,
});

// `npm run bench -- --soak` exits 1 unless soakMet: the check of bounded memory.
describe('the soak’s verdict', () => {
  it('is met with RSS at most 300 MB at the end and the last minute at 0.8 of the first', () => {
    const targets = soakTargets([minute(1, 1000, 250), minute(2, 900, 400), minute(3, 800, 300)]);
    expect(targets.finalRssBytes.status).toBe('met');
    expect(targets.lastOverFirst).toMatchObject({ measured: 0.8, status: 'met' });
    expect(soakMet(targets)).toBe(true);
  });

  it('is missed when memory ends above 300 MB, or the mock slowed down', () => {
    const grown = soakTargets([minute(1, 1000, 250), minute(2, 1000, 301)]);
    expect(grown.finalRssBytes.status).toBe('not met');
    expect(soakMet(grown)).toBe(false);
    const slowed = soakTargets([minute(1, 1000, 250), minute(2, 790, 250)]);
    expect(slowed.lastOverFirst.status).toBe('not met');
    expect(soakMet(slowed)).toBe(false);
  });

  it('counts a run with failed requests as no evidence, so it does not pass', () => {
    const targets = soakTargets([minute(1, 1000, 250), minute(2, 1000, 250, 3)]);
    expect(targets.finalRssBytes.status).toBe('not measured');
    expect(soakMet(targets)).toBe(false);
  });
});
