import type { Target } from './target.ts';

/** A mistake in how a tool was called: exit code 2, never a verdict on the target. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The flags that name a target and its credentials, shared by every tool that talks to one (the
 * contract suite, the seeder), each with the environment variable it falls back to.
 */
export const targetEnvironmentNames = {
  'base-url': 'KIBO_BASE_URL',
  'auth-url': 'KIBO_AUTH_URL',
  'client-id': 'KIBO_CLIENT_ID',
  'client-secret': 'KIBO_CLIENT_SECRET',
  'limited-client-id': 'KIBO_LIMITED_CLIENT_ID',
  'limited-client-secret': 'KIBO_LIMITED_CLIENT_SECRET',
  token: 'KIBO_TOKEN',
  'expired-token': 'KIBO_EXPIRED_TOKEN',
  tenant: 'KIBO_TENANT',
} as const;

export type TargetFlag = keyof typeof targetEnvironmentNames;

/** Where the API base must end: the path of the document's first server (`/api`). */
export interface TargetRules {
  readonly basePath: string;
}

/**
 * The target a tool is pointed at, from a reader of flags (flag, else its variable). Checks what
 * can be checked without a network: URLs, their shape, and credentials that go together.
 */
export function readTarget(read: (flag: TargetFlag) => string | undefined, rules: TargetRules): Target {
  const { basePath } = rules;
  const baseUrl = read('base-url');
  if (baseUrl === undefined)
    throw new UsageError(
      `--base-url (or KIBO_BASE_URL) is required: the API base, e.g. https://t12345.sandbox.mozu.com${basePath}`,
    );
  requireHttpUrl('--base-url', baseUrl);
  if (!endsWithPath(baseUrl, basePath))
    throw new UsageError(`--base-url must be the API base ending in ${basePath} (got ${baseUrl})`);
  const authUrl = read('auth-url');
  if (authUrl !== undefined) requireHttpUrl('--auth-url', authUrl);
  if (authUrl !== undefined && endsWithPath(authUrl, basePath)) {
    throw new UsageError(`--auth-url is the auth host's origin, without ${basePath} (got ${authUrl})`);
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
  return {
    baseUrl,
    ...defined({ authUrl, clientId, clientSecret, limitedClientId, limitedClientSecret, token }),
    ...defined({ expiredToken: read('expired-token'), tenant: read('tenant') }),
  };
}

function endsWithPath(url: string, path: string): boolean {
  return url.replace(/\/+$/, '').endsWith(path.replace(/\/+$/, ''));
}

export function requireHttpUrl(flag: string, value: string): void {
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
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
