import type { SeedProgress } from './seeder.ts';
import { formatCount, formatDuration, ratePerSecond } from './format.ts';

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressView {
  update(progress: SeedProgress): void;
  /** Draws the last state for good and ends the line. */
  finish(): void;
}

const barWidth = 24;
// A terminal redraw costs little, but ten a second is all an eye can follow.
const redrawEveryMs = 100;

/**
 * A progress bar with rate and ETA. On a terminal it redraws one line in place; in a log (CI, a
 * pipe) it prints a line at every further tenth, so a million accounts do not make a million lines.
 */
export function createProgressView(
  stream: ProgressStream,
  label: string,
  clock: () => number = Date.now,
): ProgressView {
  let last: SeedProgress | undefined;
  let drawnAt = -Infinity;
  let tenthShown = -1;
  let lineShown: string | undefined;

  const print = (progress: SeedProgress) => {
    const line = progressLine(label, progress);
    if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
    else if (line !== lineShown) stream.write(`${line}\n`);
    lineShown = line;
  };

  return {
    update(progress) {
      last = progress;
      if (stream.isTTY) {
        if (clock() - drawnAt < redrawEveryMs && progress.done < progress.total) return;
        drawnAt = clock();
        print(progress);
        return;
      }
      const tenth = progress.total === 0 ? 10 : Math.floor((progress.done * 10) / progress.total);
      if (tenth <= tenthShown) return;
      tenthShown = tenth;
      print(progress);
    },
    finish() {
      if (last) print(last);
      if (stream.isTTY && lineShown !== undefined) stream.write('\n');
    },
  };
}

/** `seeding [██████░░░░]  52%  1,040/2,000  812 accounts/s  ETA 1.2s`. */
export function progressLine(label: string, progress: SeedProgress): string {
  const { total, done, thisRun, elapsedMs } = progress;
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * barWidth);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const rate = ratePerSecond(thisRun, elapsedMs);
  const speed = rate === undefined ? '– accounts/s' : `${formatCount(rate)} accounts/s`;
  const eta =
    done >= total
      ? 'done'
      : rate === undefined
        ? 'ETA –'
        : `ETA ${formatDuration(((total - done) / rate) * 1000)}`;
  return `${label} [${bar}] ${percent}  ${formatCount(done)}/${formatCount(total)}  ${speed}  ${eta}`;
}
