import { parseArgs } from 'node:util';
import {
  readTarget,
  targetEnvironmentNames,
  UsageError,
  type TargetFlag,
  type TargetRules,
} from '../client/target-flags.ts';
import type { Target } from '../client/target.ts';
import { kiboHostIds } from '../openapi/kibo-host-ids.ts';
import { createDataset } from '../dataset/create-dataset.ts';
import { defaultStatePath } from './state-path.ts';
import { datasetFormat, type DatasetFormat } from './write-dataset.ts';

/** Everything a seeding run is told. */
export interface SeedSettings {
  /** Absent when the run only writes --out. */
  readonly target?: Target;
  readonly count: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly out?: { readonly path: string; readonly format: DatasetFormat };
  readonly statePath?: string;
  readonly now?: number;
  /**
   * The tenant whose shoppers to generate (--tenant, KIBO_TENANT or the base URL's `t{id}` host):
   * the mock gives each tenant its own people from one seed, and so does the seeder.
   */
  readonly tenant?: number;
}

export type ParsedSeedArguments =
  { readonly help: true } | { readonly help: false; readonly settings: SeedSettings };

export const seedDefaults = { seed: 1, batchSize: 100, concurrency: 2, maxAttempts: 6 } as const;
const maxConcurrency = 64;
const maxAttempts = 100;

// The target's flags mean here what they mean to the contract suite, environment variables included.
const targetFlags = ['base-url', 'auth-url', 'client-id', 'client-secret', 'token', 'tenant'] as const;
const seedFlags = [
  'count',
  'batch-size',
  'seed',
  'concurrency',
  'max-attempts',
  'out',
  'state',
  'now',
] as const;

export function parseSeedSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rules: TargetRules,
): ParsedSeedArguments {
  let values: Partial<Record<(typeof targetFlags)[number] | (typeof seedFlags)[number], string>> & {
    help?: boolean;
  };
  try {
    const strings = Object.fromEntries(
      [...targetFlags, ...seedFlags].map((name) => [name, { type: 'string' as const }]),
    );
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...strings, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true };

  const count = integer('--count', values.count, { min: 1 });
  if (count === undefined) throw new UsageError('--count is required: how many accounts to create');
  const seed = integer('--seed', values.seed, { min: 0 }) ?? seedDefaults.seed;
  const now = instant(values.now);
  try {
    // The dataset's own checks (ids must stay int32, the clock within four-digit years).
    createDataset({ seed, size: count, now: now ?? Date.now() });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const out = values.out === undefined ? undefined : outFile(values.out);
  const target = parseTarget(values, env, rules);
  const tenant = datasetTenant(values.tenant ?? env[targetEnvironmentNames.tenant], target);
  if (!target && !out) {
    throw new UsageError(
      '--base-url (or KIBO_BASE_URL) is required, or --out FILE to only write the dataset to a file',
    );
  }
  if (!target && values.state !== undefined) throw new UsageError('--state needs a target (--base-url)');

  return {
    help: false,
    settings: {
      target,
      count,
      seed,
      batchSize: integer('--batch-size', values['batch-size'], { min: 1 }) ?? seedDefaults.batchSize,
      concurrency:
        integer('--concurrency', values.concurrency, { min: 1, max: maxConcurrency }) ??
        seedDefaults.concurrency,
      maxAttempts:
        integer('--max-attempts', values['max-attempts'], { min: 1, max: maxAttempts }) ??
        seedDefaults.maxAttempts,
      out,
      statePath: target && (values.state ?? defaultStatePath(target.baseUrl, seed, target.tenant ?? null)),
      now,
      ...(tenant === undefined ? {} : { tenant }),
    },
  };
}

/** The target flags and KIBO_* variables, read as the contract suite reads them, so both tools agree. */
function parseTarget(
  values: Partial<Record<string, string | boolean>>,
  env: Readonly<Record<string, string | undefined>>,
  rules: TargetRules,
): Target | undefined {
  const read = (flag: TargetFlag): string | undefined => {
    if (!(targetFlags as readonly string[]).includes(flag)) return undefined;
    const value = values[flag] ?? env[targetEnvironmentNames[flag]];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (read('base-url') === undefined) {
    // --tenant alone still picks the tenant's shoppers for --out.
    const given = targetFlags.find((flag) => flag !== 'tenant' && typeof values[flag] === 'string');
    if (given !== undefined) throw new UsageError(`--${given} needs --base-url (or KIBO_BASE_URL)`);
    return undefined;
  }
  return readTarget(read, rules);
}

function integer(
  flag: string,
  text: string | undefined,
  { min, max = Number.MAX_SAFE_INTEGER }: { min: number; max?: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`${flag} must be a whole number, ${range} (got ${text})`);
  }
  return value;
}

function instant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw new UsageError(`--now must be an ISO 8601 date-time (got ${text})`);
  return value;
}

function outFile(path: string): { path: string; format: DatasetFormat } {
  const format = datasetFormat(path);
  if (!format) throw new UsageError(`--out must end in .ndjson, .jsonl or .json (got ${path})`);
  return { path, format };
}

/** The tenant named by --tenant (or KIBO_TENANT), else by a Kibo host `t{id}[-s{site}].…` in the base URL. */
function datasetTenant(given: string | undefined, target: Target | undefined): number | undefined {
  const text = given ?? (target && kiboHostIds(new URL(target.baseUrl).hostname).tenantId);
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--tenant must be a tenant id, a positive whole number (got ${text.slice(0, 20)})`);
  }
  return Number(text);
}
