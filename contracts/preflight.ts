import type { ApiPlan } from '../openapi/operation-plan.ts';
import { errorSummary } from '../client/error-summary.ts';
import { createHttpClient, type Call, type Exchange } from '../client/http-client.ts';
import { accessTokenOf, clientCredentials } from '../client/fetch-token.ts';
import { operations } from '../client/operations.ts';
import type { Target } from '../client/target.ts';
import { mediaType } from './conformance.ts';

export interface PreflightOptions {
  readonly plan: ApiPlan;
  /** Per request: the preflight's requests are small, so a host silent this long is not answering. */
  readonly timeoutMs: number;
}

/** `ok`: the run can start; else one paragraph naming the cause and the flag that fixes it. */
export type PreflightOutcome =
  { readonly ok: true; readonly clients: number } | { readonly ok: false; readonly problem: string };

/** The longest a preflight request waits: the answers it asks for are small. */
export const preflightTimeoutMs = 5_000;

interface ClientToCheck {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The flags (and variables) that give it, for the message. */
  readonly flags: string;
}

type Attempt = Exchange | { readonly error: string };

/**
 * Before any check: the target answers, its base URL answers like Kibo's API, every client given
 * gets a token, the run's token reads a page of accounts, the outbox answers. A check run against
 * a wrong host or secret fails every check for one reason; this says that reason once.
 */
export async function preflight(target: Target, options: PreflightOptions): Promise<PreflightOutcome> {
  const { plan } = options;
  const call = createHttpClient({
    plan,
    target,
    timeoutMs: options.timeoutMs,
    checkId: () => 'preflight',
    record: () => undefined,
    // Every preflight request names its credentials: none is added behind its back.
    defaultAuthorization: () => Promise.reject(new Error('the preflight sends its own credentials')),
  });
  const base = target.baseUrl.replace(/\/+$/, '');
  const authOrigin = (target.authUrl ?? base.slice(0, base.length - plan.basePath.length)).replace(
    /\/+$/,
    '',
  );
  const authFlag =
    target.authUrl === undefined
      ? '--auth-url (KIBO_AUTH_URL; without it the origin of --base-url is used)'
      : '--auth-url (KIBO_AUTH_URL)';
  const accounts = `GET ${base}${plan.operation(operations.getAccounts).path}`;
  const tokenPath = plan.operation(operations.token);
  const tokenUrl = `POST ${authOrigin}${tokenPath.basePath}${tokenPath.path}`;
  const fail = (problem: string): PreflightOutcome => ({ ok: false, problem });

  const probe = await attempt(() =>
    call(operations.getAccounts, { authorization: null, query: { pageSize: 1 } }),
  );
  if ('error' in probe)
    return fail(unreachable(`the target at ${base}`, probe.error, '--base-url (KIBO_BASE_URL)'));
  if (!(probe.status === 401 || probe.status === 403 || answeredJson(probe))) {
    return fail(
      `The target at ${base} does not answer like Kibo's customer API: ${accounts} without a token answered ${described(probe)}, where Kibo refuses it with 401. Check --base-url (KIBO_BASE_URL): it must be the API base, the tenant's host followed by ${plan.basePath}, e.g. https://t12345.sandbox.mozu.com${plan.basePath}.`,
    );
  }

  const tokens = new Map<string, string>();
  for (const client of clientsOf(target)) {
    const reply = await attempt(() =>
      call(operations.token, {
        authorization: null,
        body: clientCredentials(client.clientId, client.clientSecret),
      }),
    );
    if ('error' in reply) return fail(unreachable(`the auth host at ${authOrigin}`, reply.error, authFlag));
    if (reply.status >= 400 && reply.status < 500 && reply.status !== 404 && reply.status !== 405) {
      return fail(
        `The auth host at ${authOrigin} refused the credentials of client ${client.clientId}: ${tokenUrl} answered ${reply.status}${errorSummary(reply)}. Check ${client.flags}.`,
      );
    }
    const token = accessTokenOf(reply);
    if (token === undefined) {
      return fail(
        `The auth host at ${authOrigin} does not answer like Kibo's: ${tokenUrl} answered ${described(reply)}, where Kibo answers a token. Check ${authFlag}: the auth host's origin, e.g. https://home.mozu.com.`,
      );
    }
    tokens.set(client.clientId, token);
  }

  const token = target.token ?? (target.clientId === undefined ? undefined : tokens.get(target.clientId));
  if (token !== undefined) {
    const problem = await readsAccounts(call, target, token, {
      accounts,
      authFlag,
      base,
      basePath: plan.basePath,
    });
    if (problem !== undefined) return fail(problem);
  }
  const outbox = await outboxProblem(target, options.timeoutMs);
  if (outbox !== undefined) return fail(outbox);
  return { ok: true, clients: tokens.size };
}

/** The run's own token reads a page of accounts: else no check can do anything with it. */
async function readsAccounts(
  call: Call,
  target: Target,
  token: string,
  where: { accounts: string; authFlag: string; base: string; basePath: string },
): Promise<string | undefined> {
  const reply = await attempt(() =>
    call(operations.getAccounts, { authorization: `Bearer ${token}`, query: { pageSize: 1 } }),
  );
  if ('error' in reply)
    return unreachable(`the target at ${where.base}`, reply.error, '--base-url (KIBO_BASE_URL)');
  const given = target.token !== undefined;
  if (reply.status === 401) {
    return given
      ? `The target refused the token given with --token (KIBO_TOKEN): ${where.accounts} answered 401${errorSummary(reply)}. It may have expired, or be another host's; give a fresh one, or --client-id and --client-secret.`
      : `The target refused the token its auth host issued to client ${target.clientId ?? ''}: ${where.accounts} answered 401${errorSummary(reply)}. Check ${where.authFlag}: it must be the auth host of this tenant.`;
  }
  if (reply.status === 403) {
    return `The target does not let the run's token read accounts: ${where.accounts} answered 403${errorSummary(reply)}. Check ${given ? '--token (KIBO_TOKEN)' : '--client-id (KIBO_CLIENT_ID)'}: the run needs a client with every behavior the operations name, of this tenant (--tenant, KIBO_TENANT).`;
  }
  if (reply.status >= 500) {
    return `The target fails a plain page of accounts: ${where.accounts} answered ${described(reply)}. Nothing can be checked until it answers; check that --base-url (KIBO_BASE_URL) names a running deployment.`;
  }
  if (!(reply.status >= 200 && reply.status < 300 && answeredJson(reply))) {
    return `The target at ${where.base} does not answer like Kibo's customer API: ${where.accounts} with the run's token answered ${described(reply)}, where Kibo answers a page of accounts. Check --base-url (KIBO_BASE_URL): it must be the API base, the tenant's host followed by ${where.basePath}.`;
  }
  return undefined;
}

/** The outbox answers, when one is given: else the reset checks would each fail on it. */
async function outboxProblem(target: Target, timeoutMs: number): Promise<string | undefined> {
  if (target.outboxUrl === undefined) return undefined;
  const send = target.fetch ?? ((request: Request) => fetch(request));
  try {
    const response = await send(
      new Request(target.outboxUrl, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
    await response.arrayBuffer();
    if (response.ok) return undefined;
    return `The outbox at ${target.outboxUrl} answered ${response.status}. Check --outbox-url (KIBO_OUTBOX_URL): the mock keeps its mail at /__mock/outbox; against a tenant, leave it out.`;
  } catch (error) {
    return unreachable(`the outbox at ${target.outboxUrl}`, reason(error), '--outbox-url (KIBO_OUTBOX_URL)');
  }
}

/** Every client the run was given, each asked for a token once. */
function clientsOf(target: Target): ClientToCheck[] {
  const clients: ClientToCheck[] = [];
  const add = (id: string | undefined, secret: string | undefined, flags: string) => {
    if (id !== undefined && secret !== undefined) clients.push({ clientId: id, clientSecret: secret, flags });
  };
  if (target.token === undefined) {
    add(
      target.clientId,
      target.clientSecret,
      '--client-id and --client-secret (KIBO_CLIENT_ID, KIBO_CLIENT_SECRET)',
    );
  }
  add(
    target.limitedClientId,
    target.limitedClientSecret,
    '--limited-client-id and --limited-client-secret (KIBO_LIMITED_CLIENT_ID, KIBO_LIMITED_CLIENT_SECRET)',
  );
  add(
    target.otherTenantClientId,
    target.otherTenantClientSecret,
    '--other-tenant-client-id and --other-tenant-client-secret (KIBO_OTHER_TENANT_CLIENT_ID, KIBO_OTHER_TENANT_CLIENT_SECRET)',
  );
  for (const [behavior, credentials] of Object.entries(target.withoutBehavior ?? {})) {
    if ('clientId' in credentials) {
      add(
        credentials.clientId,
        credentials.clientSecret,
        `--client-without ${behavior}=CLIENT_ID:SECRET (KIBO_CLIENTS_WITHOUT)`,
      );
    }
  }
  return clients;
}

async function attempt(send: () => Promise<Exchange>): Promise<Attempt> {
  try {
    return await send();
  } catch (error) {
    return { error: reason(error) };
  }
}

/** Why a request got no answer, as the HTTP client words it (`none within 5000 ms`, `connect ECONNREFUSED …`). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = /no response \((.*)\)$/.exec(error.message)?.[1];
  if (inner !== undefined) return inner;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function unreachable(what: string, why: string, flag: string): string {
  const silent = why.startsWith('none within');
  const said = silent
    ? `accepted the request but answered ${why.replace('none', 'nothing')}`
    : `cannot be reached (${why})`;
  const hint = silent ? `, or a longer --timeout MS if it is only slow` : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${said}. Check ${flag}${hint}.`;
}

function answeredJson(exchange: Exchange): boolean {
  const type = mediaType(exchange.headers);
  return exchange.parsed && type !== undefined && (type === 'application/json' || type.endsWith('+json'));
}

/** `404 text/html (body "<html>…")`: enough to recognise what answered. */
function described(exchange: Exchange): string {
  return `${exchange.status} ${mediaType(exchange.headers) ?? 'without a Content-Type'}${errorSummary(exchange)}`;
}
