import { createRedactor } from '../client/redactor.ts';
import { UsageError } from '../client/target-flags.ts';
import { targetSecrets } from '../client/target.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import { bulkLimits, checkBatchSize } from './bulk-limits.ts';
import { formatCount } from './format.ts';
import { formatSummary } from './format-summary.ts';
import { createProgressView, type ProgressStream } from './progress-view.ts';
import type { RetryPolicy } from '../client/retry-policy.ts';
import { parseSeedSettings, type SeedSettings } from './seed-settings.ts';
import { seedTarget, type SeedResult } from './seeder.ts';
import { usage } from './usage.ts';

export interface SeedIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
}

export interface SeedMainOptions {
  readonly signal?: AbortSignal;
  /** Tests shorten the backoff; the command line only sets the attempts. */
  readonly retry?: Partial<RetryPolicy>;
}

/** The seeder's command line: exit 0 when every account is there, 1 on failures, 2 on usage errors. */
export async function seedMain(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: SeedIo,
  options: SeedMainOptions = {},
): Promise<number> {
  let settings: SeedSettings;
  try {
    const plan = await loadPlan();
    const parsed = parseSeedSettings(argv, env, plan);
    if (parsed.help) {
      io.stdout.write(usage);
      return 0;
    }
    settings = parsed.settings;
    checkBatchSize(bulkLimits(plan), settings.batchSize);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`seed: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }

  const { target } = settings;
  const redactor = createRedactor(target ? targetSecrets(target) : []);
  const where =
    target && `${target.baseUrl}${target.tenant === undefined ? '' : ` (tenant ${target.tenant})`}`;
  io.stderr.write(
    redactor.redact(
      `${where ? `Seeding ${formatCount(settings.count)} accounts into ${where}` : `Writing ${formatCount(settings.count)} accounts`}` +
        ` (seed ${settings.seed}${where ? `, batches of ${settings.batchSize}, ${settings.concurrency} at a time` : ''})\n`,
    ),
  );
  const view = createProgressView(io.stderr, where ? 'seeding' : 'writing');
  let result: SeedResult;
  try {
    result = await seedTarget({
      ...settings,
      retry: { maxAttempts: settings.maxAttempts, ...options.retry },
      signal: options.signal,
      redactor,
      onProgress: (progress) => view.update(progress),
    });
  } catch (error) {
    view.finish();
    if (error instanceof UsageError) {
      io.stderr.write(`seed: ${redactor.redact(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`seed: ${redactor.redact(message)}\n`);
    return 1;
  }
  view.finish();
  io.stdout.write(redactor.redact(formatSummary(result, where)));
  if (result.interrupted) return 130;
  return result.failed > 0 || result.notSent > 0 || result.stopReason !== undefined ? 1 : 0;
}
