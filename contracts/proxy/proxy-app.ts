import { Hono } from 'hono';
import { createPathMatcher } from '../../openapi/path-matcher.ts';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { parseJson, type Exchange } from '../../client/http-client.ts';
import type { FetchLike } from '../../client/target.ts';
import type { Finding } from '../conformance.ts';
import type { ValidateAgainst } from '../schema-validator.ts';
import { requestFindings } from './request-findings.ts';

/** One request through the proxy: the answer as an exchange the conformance checks judge, and what the request broke. */
export interface ProxiedExchange {
  readonly exchange: Exchange;
  readonly requestFindings: readonly Finding[];
}

export interface ProxyAppOptions {
  readonly plan: ApiPlan;
  /** Origin (and optional path prefix) requests are forwarded to, e.g. https://t12345.sandbox.mozu.com. */
  readonly upstream: string;
  readonly validate: ValidateAgainst;
  /** Per forwarded request: an upstream silent this long gets the client a 504. */
  readonly timeoutMs: number;
  readonly record: (proxied: ProxiedExchange) => void;
  /** Told of a request no operation of the document matches (forwarded, not judged). */
  readonly unmatched?: (method: string, path: string) => void;
  readonly fetch?: FetchLike;
}

/** Headers that belong to one connection (RFC 9110 §7.6.1), or that fetch recomputes. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/**
 * A forwarding proxy as a Hono app: every request goes to the upstream unchanged; the ones the
 * document describes are recorded with their answer, for the same conformance checks the suite
 * runs and for the request rules. Operations are matched by the one path matcher, on the path
 * they are served under (the server's `/api` included).
 */
export function createProxyApp(options: ProxyAppOptions): Hono {
  const { plan } = options;
  const send: FetchLike = options.fetch ?? ((request) => fetch(request));
  const upstream = options.upstream.replace(/\/+$/, '');
  const match = createPathMatcher<OperationPlan>(
    plan.operations.map((operation) => ({
      method: operation.method,
      template: `${operation.basePath}${operation.path}`,
      value: operation,
    })),
  );
  const app = new Hono();
  app.all('*', async (c) => {
    const incoming = new URL(c.req.url);
    const text = ['GET', 'HEAD'].includes(c.req.method) ? '' : await c.req.text();
    const headers = new Headers();
    c.req.raw.headers.forEach((value, name) => {
      if (!hopByHop.has(name)) headers.set(name, value);
    });
    let answer: Response;
    try {
      answer = await send(
        new Request(`${upstream}${incoming.pathname}${incoming.search}`, {
          method: c.req.method,
          headers,
          body: text === '' ? undefined : text,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        }),
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return c.text(`kibo-contracts proxy: no answer from ${upstream} (${why})\n`, 502);
    }
    const body = new Uint8Array(await answer.arrayBuffer());
    const found = match(c.req.method, incoming.pathname);
    if (found.kind === 'found') {
      const operation = found.value;
      options.record({
        exchange: exchangeOf(operation, c.req.method, answer, new TextDecoder().decode(body)),
        requestFindings: requestFindings(
          plan,
          operation,
          { params: found.params, query: incoming.searchParams, headers, text },
          options.validate,
        ),
      });
    } else {
      options.unmatched?.(c.req.method, incoming.pathname);
    }
    // fetch has already decoded the body: its encoding and length no longer describe it.
    const out = new Headers(answer.headers);
    for (const name of ['content-encoding', 'content-length', 'transfer-encoding', 'connection'])
      out.delete(name);
    return new Response(body.byteLength === 0 ? null : body, { status: answer.status, headers: out });
  });
  return app;
}

function exchangeOf(operation: OperationPlan, method: string, answer: Response, text: string): Exchange {
  const { parsed, json } = parseJson(text);
  return {
    checkId: 'proxy',
    operationId: operation.operationId,
    method,
    path: operation.path,
    status: answer.status,
    headers: answer.headers,
    text,
    parsed,
    json,
  };
}
