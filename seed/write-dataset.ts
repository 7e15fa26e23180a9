import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { AccountAndAuthInfo } from './account-input.ts';

export type DatasetFormat = 'ndjson' | 'json';

/**
 * Streams Bulk items to a file, passwords included (each is derived from the seed, the tenant and
 * the index, as the mock's own, so the file lists the logins QA signs in with): memory holds one
 * batch, whatever the count.
 */
export interface DatasetWriter {
  write(items: readonly AccountAndAuthInfo[]): Promise<void>;
  /** Finishes the file and moves it into place. */
  close(): Promise<void>;
  /** Removes what was written so far. */
  discard(): Promise<void>;
}

/** NDJSON for `.ndjson` / `.jsonl`, one JSON array for `.json`; undefined for any other name. */
export function datasetFormat(path: string): DatasetFormat | undefined {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

/**
 * Writes to `<path>.partial` and renames on close, so a reader never takes a cut-off file for the
 * whole dataset. Waits for 'drain' when the stream's buffer is full (backpressure).
 */
export function createDatasetWriter(path: string, format: DatasetFormat): DatasetWriter {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  let first = true;

  const put = async (text: string) => {
    if (failure) throw failure;
    // once() rejects if the stream fails while we wait.
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const end = () => new Promise<void>((resolve) => stream.end(resolve));

  return {
    async write(inputs) {
      let text = '';
      for (const input of inputs) {
        const json = JSON.stringify(input);
        if (format === 'ndjson') text += `${json}\n`;
        else text += `${first ? '[\n' : ',\n'}${json}`;
        first = false;
      }
      await put(text);
    },
    async close() {
      if (format === 'json') await put(first ? '[]\n' : '\n]\n');
      await end();
      if (failure) throw failure;
      await rename(partial, path);
    },
    async discard() {
      await end();
      await rm(partial, { force: true });
    },
  };
}
