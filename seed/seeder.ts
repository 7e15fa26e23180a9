import { createRedactor, type Redactor } from '../client/redactor.ts';
import { targetSecrets, type Target } from '../client/target.ts';
import { createDataset } from '../dataset/create-dataset.ts';
import { tenantSeed } from '../dataset/tenant-seed.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import { operations } from '../client/operations.ts';
import { accountInputOf } from './account-input.ts';
import { createBatchSender } from './batch-sender.ts';
import { batchSource } from './batch-source.ts';
import { bulkLimits, checkBatchSize } from './bulk-limits.ts';
import { openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { batchStretches, coveredCount } from './index-ranges.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../client/retry-policy.ts';
import { sendBatch, type Batch, type BatchOutcome } from './send-batch.ts';
import { createDatasetWriter, type DatasetFormat } from './write-dataset.ts';

export interface SeedOptions {
  readonly seed: number;
  readonly count: number;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Where to create the accounts; without one the run only writes `out`. */
  readonly target?: Target;
  /** The checkpoint file; without one only conflict handling keeps a rerun from creating twice. */
  readonly statePath?: string;
  readonly out?: { readonly path: string; readonly format: DatasetFormat };
  /** The dataset's clock (ms); by default the one the state file recorded, else the start time. */
  readonly now?: number;
  /** Whose shoppers: the mock's people of (seed, tenant). Absent: the seed's own. */
  readonly tenant?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Per request. */
  readonly timeoutMs?: number;
  /** Stops the run between requests; what is in flight finishes. */
  readonly signal?: AbortSignal;
  readonly redactor?: Redactor;
  readonly onProgress?: (progress: SeedProgress) => void;
  readonly clock?: () => number;
}

export interface SeedProgress {
  readonly total: number;
  /** Accounts dealt with: in the checkpoint, or created, found there or failed by this run. */
  readonly done: number;
  /** Of those, the ones this run dealt with: what the rate is computed from. */
  readonly thisRun: number;
  readonly elapsedMs: number;
}

export interface BatchFailure {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface SeedResult {
  readonly total: number;
  readonly created: number;
  /** Accounts written to `out`. */
  readonly written: number;
  /** Answered 409 by the target: an account with that email or user name exists. */
  readonly alreadyThere: number;
  /** Skipped: the checkpoint says an earlier run got them in. */
  readonly fromCheckpoint: number;
  readonly failed: number;
  /** Never sent, because the run was stopped or interrupted. */
  readonly notSent: number;
  readonly failures: readonly BatchFailure[];
  /** Why the run stopped early, when a batch showed that every other one would fail too. */
  readonly stopReason?: string;
  readonly interrupted: boolean;
  readonly durationMs: number;
  /** The dataset's clock, to regenerate the same accounts with --now. */
  readonly now: string;
  readonly statePath?: string;
  readonly outPath?: string;
}

const defaultTimeoutMs = 120_000;

/**
 * Creates accounts 0..count-1 of the dataset (seed) on the target through Bulk, `concurrency`
 * batches at a time, and/or writes them to a file. Batches the checkpoint lists are skipped; every
 * batch that gets in is added to it at once.
 */
export async function seedTarget(options: SeedOptions): Promise<SeedResult> {
  const { seed, count, batchSize, target, signal } = options;
  const clock = options.clock ?? Date.now;
  const plan = await loadPlan();
  const startedAt = clock();
  checkBatchSize(bulkLimits(plan), batchSize);
  const checkpoint: Checkpoint | undefined =
    target && options.statePath !== undefined
      ? openCheckpoint(options.statePath, { baseUrl: target.baseUrl, tenant: target.tenant ?? null, seed })
      : undefined;
  const now = options.now ?? (checkpoint?.recordedNow ? Date.parse(checkpoint.recordedNow) : startedAt);
  const nowIso = new Date(now).toISOString();
  // The tenant's own shoppers, as the mock shows them for (seed, tenant).
  const datasetSeed = options.tenant === undefined ? seed : tenantSeed(seed, options.tenant);
  const dataset = createDataset({ seed: datasetSeed, size: count, now });
  const alreadyDone = checkpoint?.done() ?? [];
  const fromCheckpoint = coveredCount(alreadyDone, count);
  const redactor = options.redactor ?? createRedactor(target ? targetSecrets(target) : []);
  const sender =
    target &&
    createBatchSender({
      plan,
      target,
      policy: { ...defaultRetryPolicy, ...options.retry },
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      signal,
      redactor,
      clock,
    });

  let created = 0;
  let written = 0;
  let alreadyThere = 0;
  let failed = 0;
  const failures: BatchFailure[] = [];
  let stopReason: string | undefined;
  const report = () => {
    const thisRun = sender ? created + alreadyThere + failed : written;
    options.onProgress?.({
      total: count,
      done: fromCheckpoint + thisRun,
      thisRun,
      elapsedMs: clock() - startedAt,
    });
  };
  const tally = (batch: Batch, outcome: BatchOutcome) => {
    if (outcome.kind === 'done') {
      created += outcome.created;
      alreadyThere += outcome.alreadyThere;
      checkpoint?.markDone([batch.start, batch.end], nowIso);
    } else if (outcome.kind === 'failed') {
      alreadyThere += outcome.alreadyThere;
      failed += outcome.failed;
      failures.push({ start: batch.start, end: batch.end, message: outcome.message });
      if (outcome.fatal) stopReason ??= outcome.message;
    }
  };

  const writer = options.out ? createDatasetWriter(options.out.path, options.out.format) : undefined;
  const source = batchSource({
    dataset,
    input: accountInputOf(plan.operation(operations.addAccounts)),
    stretches: batchStretches(alreadyDone, count, batchSize),
    writer,
    signal,
    sending: () => sender !== undefined && stopReason === undefined && !signal?.aborted,
    onWritten: (accounts) => {
      written += accounts;
      // With nothing to send, progress is the writing.
      if (!sender) report();
    },
  });
  const worker = async () => {
    for (let next = await source.next(); !next.done; next = await source.next()) {
      if (sender) tally(next.value, await sendBatch(next.value, sender));
      report();
    }
  };

  report();
  try {
    await Promise.all(Array.from({ length: sender ? options.concurrency : 1 }, worker));
    if (writer && signal?.aborted) await writer.discard();
    else await writer?.close();
  } catch (error) {
    await writer?.discard();
    throw error;
  }

  return {
    total: count,
    created,
    written,
    alreadyThere,
    fromCheckpoint,
    failed,
    notSent: sender ? count - fromCheckpoint - created - alreadyThere - failed : 0,
    failures: failures.sort((a, b) => a.start - b.start),
    stopReason,
    interrupted: signal?.aborted ?? false,
    durationMs: clock() - startedAt,
    now: nowIso,
    statePath: checkpoint?.path,
    outPath: writer && !signal?.aborted ? options.out?.path : undefined,
  };
}
