import { defaultConfig } from './default-config.ts';

export { defaultConfig };

export interface ClientConfig {
  /** The application key, `<namespace>.<appId>.<version>.<package>` like Kibo's. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Tenants the client's tokens may use; a file may omit it to get `[defaultTenant]`. */
  readonly tenants: readonly number[];
  /** `'all'` is every behavior the document declares, read from it at start-up. */
  readonly behaviors: 'all' | readonly string[];
  /** Taken away from `behaviors` after `'all'` is expanded. */
  readonly withoutBehaviors?: readonly string[];
}

export interface MockConfig {
  readonly issuer: string;
  readonly audience: string;
  /** HS256 secret; RFC 7518 §3.2 wants a key of at least 256 bits, hence 32 characters. */
  readonly signingKey: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly defaultTenant: number;
  readonly clients: readonly ClientConfig[];
}

const minKeyLength = 32;
const configKeys = Object.keys(defaultConfig);
const clientKeys = ['clientId', 'clientSecret', 'tenants', 'behaviors', 'withoutBehaviors'];

/** Merges `input` over the defaults and validates it; `source` names it in the error message. */
export function parseConfig(input: unknown, source: string): MockConfig {
  if (!isRecord(input))
    throw new Error(`${source}: the configuration must be an object (got ${kind(input)})`);
  const problems: string[] = [];
  unknownKeys(input, configKeys, '', problems);
  const merged: Record<string, unknown> = { ...defaultConfig, ...input };
  for (const key of ['issuer', 'audience'] as const) check(merged[key], key, nonEmptyString, problems);
  check(merged.signingKey, 'signingKey', signingKey, problems);
  for (const key of ['accessTokenTtlSeconds', 'refreshTokenTtlSeconds', 'defaultTenant'] as const) {
    check(merged[key], key, positiveInteger, problems);
  }
  merged.clients = parseClients(merged.clients, merged.defaultTenant, problems);
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return merged as unknown as MockConfig;
}

/**
 * The behaviors a client's tokens carry, in the document's order. `documentBehaviors` is every
 * behavior the document declares (rules.ts allBehaviors); a name it does not declare is a typo
 * that would silently grant or withhold nothing, so it throws.
 */
export function clientBehaviors(client: ClientConfig, documentBehaviors: readonly string[]): string[] {
  const at = `client ${client.clientId}`;
  const granted = client.behaviors === 'all' ? documentBehaviors : client.behaviors;
  assertKnownBehaviors(granted, documentBehaviors, `${at}: behaviors`);
  const withheld = new Set(client.withoutBehaviors ?? []);
  assertKnownBehaviors([...withheld], documentBehaviors, `${at}: withoutBehaviors`);
  return documentBehaviors.filter((name) => granted.includes(name) && !withheld.has(name));
}

/** Throws when `names` holds a behavior the document does not declare, listing those it does. */
export function assertKnownBehaviors(
  names: readonly string[],
  documentBehaviors: readonly string[],
  where: string,
): void {
  const unknown = names.filter((name) => !documentBehaviors.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${where}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a behavior' : 'are not behaviors'} ` +
        `the document declares (it declares: ${documentBehaviors.join(', ')})`,
    );
  }
}

function parseClients(value: unknown, defaultTenant: unknown, problems: string[]): ClientConfig[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`clients must be a non-empty array (got ${kind(value)})`);
    return [];
  }
  const seen = new Map<string, number>();
  return value.map((client: unknown, index) => {
    const at = `clients[${index}]`;
    if (!isRecord(client)) {
      problems.push(`${at} must be an object (got ${kind(client)})`);
      return client as ClientConfig;
    }
    unknownKeys(client, clientKeys, `${at}.`, problems);
    const merged: Record<string, unknown> = { tenants: [defaultTenant], behaviors: 'all', ...client };
    check(merged.clientId, `${at}.clientId`, nonEmptyString, problems);
    if (typeof merged.clientId === 'string') {
      const first = seen.get(merged.clientId);
      if (first !== undefined) problems.push(`${at}.clientId duplicates clients[${first}].clientId`);
      else seen.set(merged.clientId, index);
    }
    check(merged.clientSecret, `${at}.clientSecret`, nonEmptyString, problems);
    checkList(merged.tenants, `${at}.tenants`, positiveInteger, problems, 'a non-empty array', 1);
    if (merged.behaviors !== 'all') {
      checkList(merged.behaviors, `${at}.behaviors`, nonEmptyString, problems, "'all' or an array");
    }
    if (merged.withoutBehaviors !== undefined) {
      checkList(merged.withoutBehaviors, `${at}.withoutBehaviors`, nonEmptyString, problems);
    }
    return merged as unknown as ClientConfig;
  });
}

/** A rule returns what the value must be, or undefined when it is fine. Values are never echoed: they may be secrets. */
type Rule = (value: unknown) => string | undefined;

const nonEmptyString: Rule = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';

const positiveInteger: Rule = (value) =>
  Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'must be a positive integer';

const signingKey: Rule = (value) =>
  typeof value === 'string' && value.length >= minKeyLength
    ? undefined
    : `must be a string of at least ${minKeyLength} characters (HS256 needs a 256-bit key)`;

function check(value: unknown, path: string, rule: Rule, problems: string[]): void {
  const problem = rule(value);
  if (problem) problems.push(`${path} ${problem} (got ${kind(value)})`);
}

function checkList(
  value: unknown,
  path: string,
  rule: Rule,
  problems: string[],
  expected = 'an array',
  minItems = 0,
): void {
  if (!Array.isArray(value) || value.length < minItems) {
    problems.push(`${path} must be ${expected} (got ${kind(value)})`);
    return;
  }
  value.forEach((item: unknown, index) => check(item, `${path}[${index}]`, rule, problems));
}

function unknownKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  problems: string[],
) {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) problems.push(`${prefix}${key} is not a setting (known: ${known.join(', ')})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind of a value, never the value itself. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : `a string of length ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
