import { parseArgs } from 'node:util';
import { groups, type Group } from './check.ts';
import type { Target } from '../client/target.ts';
import {
  defined,
  readTarget,
  requireHttpUrl,
  targetEnvironmentNames,
  UsageError,
  type TargetRules,
} from '../client/target-flags.ts';

export { UsageError };

/** Everything a run is told: the target, and what to do with the result. */
export interface Settings {
  readonly target: Target;
  readonly only?: readonly Group[];
  readonly junit?: string;
  readonly json?: string;
  readonly timeoutMs?: number;
  /** A broken assumption of the kit fails the run too (the kit's own tests use it on the mock). */
  readonly strict: boolean;
  /** Generated cases: the seed that replays them, and how many per operation. */
  readonly seed?: number;
  readonly maxExamples?: number;
  /** Percent of the declared (operation, status) pairs the run must see answered, else it fails. */
  readonly minCoverage?: number;
}

export type ParsedArguments = { readonly help: true } | { readonly help: false; readonly settings: Settings };

/** Flag → environment variable; a flag wins over its variable. */
export const environmentNames = {
  ...targetEnvironmentNames,
  'outbox-url': 'KIBO_OUTBOX_URL',
  junit: 'CONTRACTS_JUNIT',
  json: 'CONTRACTS_JSON',
  only: 'CONTRACTS_ONLY',
  timeout: 'CONTRACTS_TIMEOUT_MS',
  strict: 'CONTRACTS_STRICT',
  seed: 'CONTRACTS_SEED',
  'max-examples': 'CONTRACTS_MAX_EXAMPLES',
  'min-coverage': 'CONTRACTS_MIN_COVERAGE',
} as const;

type Name = keyof typeof environmentNames;

export function parseSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rules: TargetRules,
): ParsedArguments {
  let values: Partial<Record<Name | 'help', string | boolean>>;
  try {
    const options = Object.fromEntries(
      Object.keys(environmentNames).map((name) => [
        name,
        { type: name === 'strict' ? ('boolean' as const) : ('string' as const) },
      ]),
    ) as Record<Name, { type: 'string' | 'boolean' }>;
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true };
  const strictValue = values.strict ?? env[environmentNames.strict];
  if (typeof strictValue === 'string' && !['', '0', '1', 'true', 'false'].includes(strictValue)) {
    throw new UsageError(`${environmentNames.strict} must be 1, true, 0 or false (got ${strictValue})`);
  }
  const strict = strictValue === true || strictValue === '1' || strictValue === 'true';
  const read = (name: Name): string | undefined => {
    const value = values[name] ?? env[environmentNames[name]];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

  const outboxUrl = read('outbox-url');
  if (outboxUrl !== undefined) requireHttpUrl('--outbox-url', outboxUrl);
  const target = { ...readTarget(read, rules), ...defined({ outboxUrl }) };

  const only = read('only')
    ?.split(',')
    .map((group) => group.trim())
    .filter(Boolean);
  const unknown = only?.filter((group) => !(groups as readonly string[]).includes(group)) ?? [];
  if (unknown.length > 0)
    throw new UsageError(`--only: unknown group ${unknown.join(', ')}; the groups are ${groups.join(', ')}`);

  const timeout = read('timeout');
  const timeoutMs = timeout === undefined ? undefined : Number(timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new UsageError(`--timeout must be a positive number of milliseconds (got ${timeout})`);
  }

  const seed = integerSetting('--seed', read('seed'), 0, 2 ** 31 - 1);
  const maxExamples = integerSetting('--max-examples', read('max-examples'), 1, 10_000);
  const minCoverage = percentSetting(read('min-coverage'));

  return {
    help: false,
    settings: {
      target,
      strict,
      ...defined({ junit: read('junit'), json: read('json'), timeoutMs, only: only as Group[] | undefined }),
      ...defined({ seed, maxExamples, minCoverage }),
    },
  };
}

function integerSetting(
  flag: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${text})`);
  return value;
}

function percentSetting(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0 || value > 100)
    throw new UsageError(`--min-coverage must be a percentage from 0 to 100 (got ${text})`);
  return value;
}
