import { describe, expect, it } from 'vitest';
import { createProgressView, progressLine } from '../../seed/progress-view.ts';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } };
}

describe('progress view', () => {
  it('prints a line at each further tenth when not on a terminal', () => {
    const { chunks, stream } = recorder(false);
    const view = createProgressView(stream, 'seeding');
    for (let done = 0; done <= 1000; done += 10)
      view.update({ total: 1000, done, thisRun: done, elapsedMs: done });
    view.finish();
    expect(chunks).toHaveLength(11);
    expect(chunks.every((chunk) => chunk.endsWith('\n') && !chunk.includes('\r'))).toBe(true);
    expect(chunks.map((chunk) => /(\d+)%/.exec(chunk)?.[1])).toEqual([
      '0',
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
      '100',
    ]);
  });

  it('redraws one line in place on a terminal, at most ten times a second, and ends it when done', () => {
    const { chunks, stream } = recorder(true);
    let time = 0;
    const view = createProgressView(stream, 'seeding', () => time);
    for (let done = 0; done < 1000; done += 1) {
      time += 5;
      view.update({ total: 1000, done, thisRun: done, elapsedMs: time });
    }
    view.update({ total: 1000, done: 1000, thisRun: 1000, elapsedMs: time });
    view.finish();
    const draws = chunks.filter((chunk) => chunk.startsWith('\r'));
    expect(draws.length).toBeGreaterThan(40);
    expect(draws.length).toBeLessThan(60);
    expect(chunks.slice(0, -1).join('')).not.toContain('\n');
    expect(chunks.at(-1)).toBe('\n');
    expect(draws.at(-1)).toContain('100%');
  });

  it('shows the rate of this run and the time left', () => {
    const line = progressLine('seeding', { total: 10_000, done: 6000, thisRun: 4000, elapsedMs: 2000 });
    expect(line).toContain('60%');
    expect(line).toContain('6,000/10,000');
    expect(line).toContain('2,000 accounts/s');
    expect(line).toContain('ETA 2.0s');
  });
});
