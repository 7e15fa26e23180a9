import { parseArgs } from 'node:util';
import { groups, type Group } from './check.ts';
import type { Target } from '../client/target.ts';

/** Everything a run is told: the target, and what to do with the result. */
export interface Settings {
  readonly target: Target;
  readonly only?: readonly Group[];
  readonly junit?: string;
  readonly json?: string;
  readonly timeoutMs?: number;
}

export type ParsedArguments = { readonly help: true } | { readonly help: false; readonly settings: Settings };

/** A mistake in how the suite was called: exit code 2, never a verdict on the target. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flag → environment variable; a flag wins over its variable. */
export const environmentNames = {
  'base-url': 'KIBO_BASE_URL',
  'auth-url': 'KIBO_AUTH_URL',
  'client-id': 'KIBO_CLIENT_ID',
  'client-secret': 'KIBO_CLIENT_SECRET',
  'limited-client-id': 'KIBO_LIMITED_CLIENT_ID',
  'limited-client-secret': 'KIBO_LIMITED_CLIENT_SECRET',
  token: 'KIBO_TOKEN',
  'expired-token': 'KIBO_EXPIRED_TOKEN',
  tenant: 'KIBO_TENANT',
  junit: 'CONTRACTS_JUNIT',
  json: 'CONTRACTS_JSON',
  only: 'CONTRACTS_ONLY',
  timeout: 'CONTRACTS_TIMEOUT_MS',
} as const;

type Name = keyof typeof environmentNames;

export function parseSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedArguments {
  let values: Partial<Record<Name | 'help', string | boolean>>;
  try {
    const options = Object.fromEntries(
      Object.keys(environmentNames).map((name) => [name, { type: 'string' as const }]),
    ) as Record<Name, { type: 'string' }>;
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true };
  const read = (name: Name): string | undefined => {
    const value = values[name] ?? env[environmentNames[name]];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

  const baseUrl = read('base-url');
  if (baseUrl === undefined)
    throw new UsageError(
      '--base-url (or KIBO_BASE_URL) is required: the API base, e.g. https://t12345.sandbox.mozu.com/api',
    );
  requireHttpUrl('--base-url', baseUrl);
  if (!/\/api\/?$/.test(baseUrl))
    throw new UsageError(`--base-url must be the API base ending in /api (got ${baseUrl})`);
  const authUrl = read('auth-url');
  if (authUrl !== undefined) requireHttpUrl('--auth-url', authUrl);
  if (authUrl !== undefined && /\/api\/?$/.test(authUrl)) {
    throw new UsageError(`--auth-url is the auth host's origin, without /api (got ${authUrl})`);
  }

  const token = read('token');
  const clientId = read('client-id');
  const clientSecret = read('client-secret');
  if (token === undefined && (clientId === undefined || clientSecret === undefined)) {
    throw new UsageError(
      'give --token, or --client-id and --client-secret (or KIBO_TOKEN / KIBO_CLIENT_ID and KIBO_CLIENT_SECRET)',
    );
  }
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new UsageError('--client-id and --client-secret go together');
  }
  const limitedClientId = read('limited-client-id');
  const limitedClientSecret = read('limited-client-secret');
  if ((limitedClientId === undefined) !== (limitedClientSecret === undefined)) {
    throw new UsageError('--limited-client-id and --limited-client-secret go together');
  }

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

  const target: Target = {
    baseUrl,
    ...defined({ authUrl, clientId, clientSecret, limitedClientId, limitedClientSecret, token }),
    ...defined({ expiredToken: read('expired-token'), tenant: read('tenant') }),
  };
  return {
    help: false,
    settings: {
      target,
      ...defined({ junit: read('junit'), json: read('json'), timeoutMs, only: only as Group[] | undefined }),
    },
  };
}

function requireHttpUrl(flag: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} is not a URL`);
  }
  // Checked before any message quotes the URL: its user info would be a credential in the log.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      `${flag} must not carry credentials; give them with --client-id and --client-secret`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} must be http or https (got ${value})`);
}

/** The entries whose value is set, so optional properties stay absent rather than undefined. */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
