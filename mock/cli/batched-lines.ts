/**
 * Log lines written in batches: every line waits until the event loop has handled what is ready
 * (setImmediate), or until 64 KB are waiting, then goes out in one write. One write per request
 * line was a system call each, 14–16 % of the mock's CPU per getAccount (`npm run bench`'s
 * profile); under load a batch now holds the lines of many requests, and a lone request's line
 * still appears at once. `flush` writes what waits, for shutdown.
 */
export interface BatchedLines {
  readonly log: (line: string) => void;
  readonly flush: () => void;
}

const flushAt = 64 * 1024;

export function batchedLines(write: (text: string) => void): BatchedLines {
  let waiting = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    write(text);
  };
  return {
    log: (line) => {
      waiting += `${line}\n`;
      if (waiting.length >= flushAt) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
