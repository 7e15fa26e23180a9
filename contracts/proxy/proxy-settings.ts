import { parseArgs } from 'node:util';
import { requireHttpUrl, UsageError } from '../../client/target-flags.ts';

export interface ProxySettings {
  readonly upstream: string;
  readonly port: number;
  readonly host: string;
  readonly strict: boolean;
  readonly timeoutMs: number;
  readonly junit?: string;
  readonly json?: string;
}

/** Flag → environment variable, as the suite's own flags; a flag wins. */
const environmentNames = {
  upstream: 'CONTRACTS_UPSTREAM',
  port: 'CONTRACTS_PROXY_PORT',
  host: 'CONTRACTS_PROXY_HOST',
  timeout: 'CONTRACTS_TIMEOUT_MS',
  junit: 'CONTRACTS_JUNIT',
  json: 'CONTRACTS_JSON',
  strict: 'CONTRACTS_STRICT',
} as const;

/** The mock listens on 4010; the proxy next to it by default. */
export const defaultProxyPort = 4020;
/** Upstreams behind a proxy may be slow staging hosts: longer than the suite's own requests. */
export const defaultProxyTimeoutMs = 30_000;

export function parseProxySettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { readonly help: true } | { readonly help: false; readonly settings: ProxySettings } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        upstream: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        timeout: { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'string' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true };
  const read = (name: keyof typeof environmentNames): string | undefined => {
    const value = values[name] ?? env[environmentNames[name]];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const upstream = read('upstream');
  if (upstream === undefined) throw new UsageError('proxy needs --upstream URL (CONTRACTS_UPSTREAM)');
  requireHttpUrl('--upstream', upstream);
  const port = Number(read('port') ?? defaultProxyPort);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port must be a port number, 0 for a free one (got ${read('port')})`);
  }
  const timeoutMs = Number(read('timeout') ?? defaultProxyTimeoutMs);
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new UsageError(`--timeout must be a positive number of milliseconds (got ${read('timeout')})`);
  }
  const strictValue = values.strict ?? env[environmentNames.strict];
  const strict = strictValue === true || strictValue === '1' || strictValue === 'true';
  const junit = read('junit');
  const json = read('json');
  return {
    help: false,
    settings: {
      upstream,
      port,
      host: read('host') ?? '127.0.0.1',
      strict,
      timeoutMs,
      ...(junit === undefined ? {} : { junit }),
      ...(json === undefined ? {} : { json }),
    },
  };
}
