import { parseArgs } from 'node:util';
import { groups, type Group } from './check.ts';
import type { Credentials, Target } from '../client/target.ts';
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
  /** The whole run's limit: checks not started by then are skipped, and the run exits 3. */
  readonly maxTimeMs?: number;
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
  'other-tenant-client-id': 'KIBO_OTHER_TENANT_CLIENT_ID',
  'other-tenant-client-secret': 'KIBO_OTHER_TENANT_CLIENT_SECRET',
  'token-without': 'KIBO_TOKENS_WITHOUT',
  'client-without': 'KIBO_CLIENTS_WITHOUT',
  'max-time': 'CONTRACTS_MAX_TIME',
} as const;

type Name = keyof typeof environmentNames;

/** Flags given once per value (`--token-without a=T1 --token-without b=T2`); their variable lists them spaced. */
const repeatable: readonly Name[] = ['token-without', 'client-without'];

/** What the settings are checked against: where the API base ends, and the behaviors the document names. */
export interface SettingsRules extends TargetRules {
  readonly behaviors?: readonly string[];
}

export function parseSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rules: SettingsRules,
): ParsedArguments {
  let values: Partial<Record<Name | 'help', string | boolean | string[]>>;
  try {
    const options = Object.fromEntries(
      Object.keys(environmentNames).map((name) => [
        name,
        {
          type: name === 'strict' ? ('boolean' as const) : ('string' as const),
          multiple: repeatable.includes(name as Name),
        },
      ]),
    ) as Record<Name, { type: 'string' | 'boolean'; multiple: boolean }>;
    // Only the repeatable flags are lists, of strings: what parseArgs was told above.
    values = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values as typeof values;
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

  const readAll = (name: Name): string[] => {
    const value = values[name];
    if (Array.isArray(value)) return value;
    return (env[environmentNames[name]] ?? '').split(/\s+/).filter(Boolean);
  };

  const outboxUrl = read('outbox-url');
  if (outboxUrl !== undefined) requireHttpUrl('--outbox-url', outboxUrl);
  const otherTenantClientId = read('other-tenant-client-id');
  const otherTenantClientSecret = read('other-tenant-client-secret');
  if ((otherTenantClientId === undefined) !== (otherTenantClientSecret === undefined)) {
    throw new UsageError('--other-tenant-client-id and --other-tenant-client-secret go together');
  }
  const withoutBehavior = readWithout(readAll('token-without'), readAll('client-without'), rules);
  const target = {
    ...readTarget(read, rules),
    ...defined({ outboxUrl, otherTenantClientId, otherTenantClientSecret }),
    ...(Object.keys(withoutBehavior).length > 0 ? { withoutBehavior } : {}),
  };

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
  const maxTime = read('max-time');
  const maxTimeMs = maxTime === undefined ? undefined : Number(maxTime) * 1000;
  if (maxTimeMs !== undefined && !(Number.isFinite(maxTimeMs) && maxTimeMs > 0)) {
    throw new UsageError(`--max-time must be a positive number of seconds (got ${maxTime})`);
  }

  return {
    help: false,
    settings: {
      target,
      strict,
      ...defined({
        junit: read('junit'),
        json: read('json'),
        timeoutMs,
        maxTimeMs,
        only: only as Group[] | undefined,
      }),
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

/**
 * `BEHAVIOR=TOKEN` and `BEHAVIOR=CLIENT_ID:SECRET` entries: the credentials that lack that
 * behavior. Behavior names hold a colon (`customer-accounts:create`), client ids do not, so a
 * client entry splits at the first `=` and then at the first `:`.
 */
function readWithout(
  tokens: readonly string[],
  clients: readonly string[],
  rules: SettingsRules,
): Record<string, Credentials> {
  const found: Record<string, Credentials> = {};
  const add = (flag: string, entry: string, credentials: (value: string) => Credentials | undefined) => {
    const at = entry.indexOf('=');
    const behavior = entry.slice(0, Math.max(at, 0));
    const value = at < 0 ? undefined : credentials(entry.slice(at + 1));
    // The entry may hold a secret: messages name the behavior only.
    if (behavior === '' || value === undefined) {
      throw new UsageError(
        `${flag} takes ${flag === '--token-without' ? 'BEHAVIOR=TOKEN' : 'BEHAVIOR=CLIENT_ID:SECRET'} (an entry did not)`,
      );
    }
    if (rules.behaviors !== undefined && !rules.behaviors.includes(behavior)) {
      throw new UsageError(
        `${flag}: ${behavior} is not a behavior the document names (it names ${rules.behaviors.join(', ')})`,
      );
    }
    if (found[behavior] !== undefined) throw new UsageError(`${flag}: ${behavior} is given twice`);
    found[behavior] = value;
  };
  for (const entry of tokens)
    add('--token-without', entry, (token) => (token === '' ? undefined : { token }));
  for (const entry of clients) {
    add('--client-without', entry, (value) => {
      const colon = value.indexOf(':');
      const clientId = value.slice(0, Math.max(colon, 0));
      const clientSecret = value.slice(colon + 1);
      return colon <= 0 || clientSecret === '' ? undefined : { clientId, clientSecret };
    });
  }
  return found;
}
