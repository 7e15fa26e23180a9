import { documentPath } from '../openapi/load-document.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import { type ApiPlan } from '../openapi/operation-plan.ts';
import { createBatchFixture, type CreatedBatch } from './batch-fixture.ts';
import type { Leftover } from './check.ts';
import { createHttpClient, type Call, type Exchange } from '../client/http-client.ts';
import { createRedactor, type Redactor } from '../client/redactor.ts';
import { createSchemaValidator, type ValidateAgainst } from './schema-validator.ts';
import { targetSecrets, type Target } from '../client/target.ts';
import { createTestData, newRunId, type TestData } from './test-data.ts';
import { createdAccountsOf } from './created-accounts.ts';
import { fetchToken } from '../client/fetch-token.ts';

export interface RunOptions {
  /** Per request; the oversize-body check uploads the document's body limit plus one byte. */
  readonly timeoutMs?: number;
  /** Fixed in tests that want stable data; a fresh one otherwise. */
  readonly runId?: string;
  /** Another document to judge the target by (a copy of openapi/customer-accounts.yaml). */
  readonly documentPath?: string;
  /** Stops the run (`--max-time`): requests in flight are aborted, checks not started are skipped. */
  readonly signal?: AbortSignal;
  /** Generated cases: the seed that replays them (a fresh one otherwise), and how many per operation. */
  readonly seed?: number;
  readonly maxExamples?: number;
}

/** How the generated cases are drawn; the report names the seed, so `--seed` replays a run. */
export interface Generation {
  readonly seed: number;
  readonly maxExamples: number;
}

/** Small: each case is a request or three against what may be a shared staging tenant. */
export const defaultMaxExamples = 20;

/** The run's clients: the main one, the one without the TTL behavior, another tenant's. */
export type ClientRole = 'main' | 'limited' | 'other-tenant';

/** Everything a check may use; one per run, shared by the checks in order. */
export interface RunContext {
  readonly plan: ApiPlan;
  readonly target: Target;
  readonly data: TestData;
  readonly validate: ValidateAgainst;
  readonly redactor: Redactor;
  /** Per request, for the few the suite sends outside the document (the outbox). */
  readonly timeoutMs: number;
  /** Calls an operation as the check in progress; every response is recorded. */
  readonly call: Call;
  readonly exchanges: readonly Exchange[];
  /** Accounts the run created (id → email), whether a check meant to or not. */
  readonly created: Map<number, string | undefined>;
  /** What the cleanup could not delete, for the report. */
  readonly leftovers: Leftover[];
  /** The main client's token; undefined for another role whose credentials were not given. */
  token(which: ClientRole): Promise<string | undefined>;
  /** A token lacking exactly this behavior (`--token-without`, `--client-without`), when one was given. */
  tokenWithout(behavior: string): Promise<string | undefined>;
  /** The happy-path batch, created on first use by whichever check needs it. */
  batch(): Promise<CreatedBatch>;
  /** The check whose requests are in flight, for the exchange log. */
  currentCheckId: string;
  readonly generation: Generation;
  /** Aborts every request in flight when it fires; the runner swaps it for the cleanup's grace. */
  signal: AbortSignal | undefined;
}

/**
 * Short, so a host that takes connections and never answers is told within seconds; the longest
 * legitimate request, the oversize-body upload (x-max-body-bytes + 1), takes about a second on a
 * CI runner's link.
 */
export const defaultTimeoutMs = 10_000;

export async function createRunContext(target: Target, options: RunOptions = {}): Promise<RunContext> {
  const plan = await loadPlan(options.documentPath ?? documentPath);
  const redactor = createRedactor(targetSecrets(target));
  const exchanges: Exchange[] = [];
  const created = new Map<number, string | undefined>();
  const tokens = new Map<string, Promise<string | undefined>>();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

  const context: RunContext = {
    plan,
    target,
    data: createTestData(options.runId ?? newRunId()),
    validate: createSchemaValidator(),
    redactor,
    timeoutMs,
    exchanges,
    created,
    leftovers: [],
    currentCheckId: 'setup',
    generation: {
      seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
      maxExamples: options.maxExamples ?? defaultMaxExamples,
    },
    signal: options.signal,
    call: createHttpClient({
      plan,
      target,
      timeoutMs,
      signal: () => context.signal,
      checkId: () => context.currentCheckId,
      record: (exchange) => {
        exchanges.push(exchange);
        noteCreatedAccounts(exchange, created);
        noteTicketSecrets(exchange, redactor);
      },
      defaultAuthorization: async () => {
        const token = await context.token('main');
        if (token === undefined) throw new Error('no token: give --token or --client-id and --client-secret');
        return `Bearer ${token}`;
      },
    }),
    token(which) {
      return once(which, () => obtainToken(context, which));
    },
    tokenWithout(behavior) {
      const credentials = target.withoutBehavior?.[behavior];
      if (credentials === undefined) return Promise.resolve(undefined);
      return once(`without ${behavior}`, () =>
        'token' in credentials
          ? Promise.resolve(credentials.token)
          : fetchToken(context.call, credentials.clientId, credentials.clientSecret),
      );
    },
    batch: createBatchFixture(() => context),
  };
  /** Each token is asked for once per run, and never printed. */
  function once(key: string, obtain: () => Promise<string | undefined>): Promise<string | undefined> {
    let token = tokens.get(key);
    if (!token) {
      token = obtain().then((value) => {
        redactor.add(value);
        return value;
      });
      tokens.set(key, token);
    }
    return token;
  }
  return context;
}

async function obtainToken(context: RunContext, which: ClientRole): Promise<string | undefined> {
  const { target } = context;
  if (which === 'main' && target.token !== undefined) return target.token;
  const [id, secret] = clientOf(target, which);
  if (id === undefined || secret === undefined) {
    if (which !== 'main') return undefined;
    throw new Error('no token: give --token or --client-id and --client-secret');
  }
  return fetchToken(context.call, id, secret);
}

/** The id and secret of a role's client, as given. */
export function clientOf(target: Target, which: ClientRole): [string | undefined, string | undefined] {
  if (which === 'main') return [target.clientId, target.clientSecret];
  if (which === 'limited') return [target.limitedClientId, target.limitedClientSecret];
  return [target.otherTenantClientId, target.otherTenantClientSecret];
}

/** Any 2xx of an operation that creates accounts: remember them so the cleanup deletes them. */
function noteCreatedAccounts(exchange: Exchange, created: Map<number, string | undefined>): void {
  for (const { id, emailAddress } of createdAccountsOf(exchange)) created.set(id, emailAddress);
}

/**
 * A shopper's ticket is a credential like the app's token: its tokens never reach a report. (JWTs
 * are redacted by their shape anyway; a refresh token is an opaque string.)
 */
function noteTicketSecrets(exchange: Exchange, redactor: Redactor): void {
  const body = exchange.json as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null) return;
  for (const field of ticketSecrets) {
    const value = body[field];
    if (typeof value === 'string') redactor.add(value);
  }
}

const ticketSecrets = ['accessToken', 'jwtAccessToken', 'refreshToken'] as const;
