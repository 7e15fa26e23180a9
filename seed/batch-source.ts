import type { Dataset } from '../dataset/create-dataset.ts';
import type { AccountInput } from './account-input.ts';
import type { Stretch } from './index-ranges.ts';
import type { Batch } from './send-batch.ts';
import type { DatasetWriter } from './write-dataset.ts';

export interface BatchSourceOptions {
  readonly dataset: Dataset;
  /** What an account of the dataset is sent as (accountInputOf the Bulk operation's plan). */
  readonly input: (account: ReturnType<Dataset['account']>) => AccountInput;
  readonly stretches: Iterable<Stretch>;
  readonly writer?: DatasetWriter;
  /** False once the run stops sending; the writer still gets every later account. */
  readonly sending: () => boolean;
  readonly signal?: AbortSignal;
  /** Hears how many accounts were written, for progress when nothing is sent. */
  readonly onWritten?: (count: number) => void;
}

/**
 * Generates the dataset in index order, one batch at a time: writes every account to the writer
 * (if any) and yields, with passwords, the batches still to send. Workers pull from it, so it never
 * runs more than a batch or so ahead of them, and passwords live only as long as their batch.
 */
export async function* batchSource(options: BatchSourceOptions): AsyncGenerator<Batch, void, undefined> {
  const { dataset, input, writer, sending, signal } = options;
  for (const { start, end, done } of options.stretches) {
    if (signal?.aborted) return;
    const send = !done && sending();
    if (!writer && !sending()) return;
    if (!writer && !send) continue;
    // With the password each shopper signs in with: the one the mock derives for the same account.
    const items = Array.from({ length: end - start }, (_, k) => ({
      ...input(dataset.account(start + k)),
      password: dataset.password(start + k),
    }));
    if (writer) {
      await writer.write(items);
      options.onWritten?.(items.length);
    }
    if (send) yield { start, end, items };
  }
}
