import type { ApiPlan } from '../openapi/operation-plan.ts';
import type { FetchLike, Target } from './target.ts';

/** A response the run received, kept so the conformance checks can judge every one of them. */
export interface Exchange {
  /** The check that sent the request. */
  readonly checkId: string;
  readonly operationId: string;
  readonly method: string;
  /** The path template as the document writes it. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** True when the body parsed as JSON; `json` then holds it. */
  readonly parsed: boolean;
  readonly json: unknown;
  /** What was sent, for a reproducer (a curl line); absent for a response judged without its request. */
  readonly request?: SentRequest;
}

export interface SentRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

export interface CallOptions {
  readonly params?: Readonly<Record<string, string | number>>;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent byte for byte, for bodies JSON cannot express (malformed, oversize). */
  readonly rawBody?: string;
  /** Defaults to application/json when there is a body. */
  readonly contentType?: string;
  /** The Authorization header; null sends none; by default the run's token when the operation needs one. */
  readonly authorization?: string | null;
  /** More request headers (a context header such as x-vol-tenant), over those the client sets. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type Call = (operationId: string, options?: CallOptions) => Promise<Exchange>;

export interface ClientSettings {
  readonly plan: ApiPlan;
  readonly target: Target;
  readonly timeoutMs: number;
  /** Stops every request in flight when it fires (a whole run's time limit), besides the timeout. */
  readonly signal?: () => AbortSignal | undefined;
  readonly checkId: () => string;
  readonly record: (exchange: Exchange) => void;
  readonly defaultAuthorization: () => Promise<string>;
}

/** Calls operations by id, as the document lays them out, and records every response. */
export function createHttpClient(settings: ClientSettings): Call {
  const { plan, target } = settings;
  const send: FetchLike = target.fetch ?? ((request) => fetch(request));
  const apiBase = target.baseUrl.replace(/\/+$/, '');
  const apiOrigin = apiBase.endsWith(plan.basePath)
    ? apiBase.slice(0, apiBase.length - plan.basePath.length)
    : apiBase;
  // An operation with its own servers (the app token) lives on the auth host, under its own path.
  const authOrigin = (target.authUrl ?? apiOrigin).replace(/\/+$/, '');

  return async (operationId, options = {}) => {
    const entry = plan.operation(operationId);
    const path = entry.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(entry.ownServers ? `${authOrigin}${entry.basePath}${path}` : `${apiBase}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    // The media types the document declares: what the operation answers, and what it takes.
    const headers = new Headers({ accept: entry.success.mediaTypes.join(', ') || '*/*' });
    if (target.tenant !== undefined) headers.set('x-vol-tenant', target.tenant);
    const authorization =
      options.authorization === undefined && entry.security.length > 0
        ? await settings.defaultAuthorization()
        : options.authorization;
    if (typeof authorization === 'string') headers.set('authorization', authorization);
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const declared = entry.body?.mediaTypes[0];
    if (body !== undefined)
      headers.set('content-type', options.contentType ?? declared ?? 'application/json');
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);

    const { method } = entry;
    const stop = settings.signal?.();
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const request = new Request(url, {
      method,
      headers,
      body,
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
    });
    let response: Response;
    let text: string;
    try {
      response = await send(request);
      text = await response.text();
    } catch (error) {
      const why = timeout.aborted ? `none within ${settings.timeoutMs} ms` : reason(error);
      throw new Error(`${method} ${entry.path}: no response (${why})`, { cause: error });
    }
    const { parsed, json } = parseJson(text);
    const exchange: Exchange = {
      checkId: settings.checkId(),
      operationId,
      method,
      path: entry.path,
      status: response.status,
      headers: new Headers(response.headers),
      text,
      parsed,
      json,
      request: { url: url.href, headers, body },
    };
    settings.record(exchange);
    return exchange;
  };
}

/** Where a response came from, as every message starts: `POST /commerce/customer/accounts/Bulk → 200`. */
export function locate(exchange: Pick<Exchange, 'method' | 'path' | 'status'>): string {
  return `${exchange.method} ${exchange.path} → ${exchange.status}`;
}

export function parseJson(text: string): { parsed: boolean; json: unknown } {
  if (text.trim() === '') return { parsed: false, json: undefined };
  try {
    return { parsed: true, json: JSON.parse(text) as unknown };
  } catch {
    return { parsed: false, json: undefined };
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
