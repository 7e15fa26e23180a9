import type { MiddlewareHandler, Next } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { MockEnv } from './mock-env.ts';

/** Headers a browser app must be able to read from our answers. */
const exposed = ['x-vol-correlation', 'WWW-Authenticate', 'Retry-After', 'Allow'];

export interface CorrelationHeader {
  readonly name: string;
  /** The document's `maxLength` for it: a longer one sent by a client is replaced, not echoed. */
  readonly maxLength: number;
}

/**
 * CORS for frontends developing against the mock (any origin reflected, without credentials:
 * the API takes bearer tokens, not cookies; origins in `credentialOrigins` get credentials too) and the
 * correlation header Kibo's SDK reads into its errors (Hono's request-id middleware): echoed when
 * the client sent a usable one, otherwise numbered per app so fixed-clock runs repeat exactly.
 * Paths under `privatePrefixes` (the admin API) get no CORS: any web page a developer opens could
 * otherwise reset tenants or read the journal of a local mock.
 */
export function corsAndCorrelation(
  correlation: CorrelationHeader,
  privatePrefixes: readonly string[],
  credentialOrigins: readonly string[] = [],
): MiddlewareHandler<MockEnv> {
  const corsFor = (credentials: boolean) =>
    cors({
      origin: (origin) => origin,
      credentials,
      exposeHeaders: exposed,
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    });
  const withCredentials = corsFor(true);
  const withoutCredentials = corsFor(false);
  const trusted = new Set(credentialOrigins);
  const allowCors: MiddlewareHandler<MockEnv> = (c, next) =>
    (trusted.has(c.req.header('origin') ?? '') ? withCredentials : withoutCredentials)(c, next);
  let counter = 0;
  const correlate = requestId({
    headerName: correlation.name,
    limitLength: correlation.maxLength,
    generator: () => `mock-${(++counter).toString().padStart(8, '0')}`,
  });
  return async (c, next) => {
    let preflight: Response | undefined;
    await correlate(c, async () => {
      c.set('correlationId', c.get('requestId'));
      const open = !privatePrefixes.some((prefix) => c.req.path.startsWith(prefix));
      // A preflight is answered by the CORS middleware itself, without reaching any route.
      preflight = open ? await withoutRebuilds(allowCors, c, next) : (await next(), undefined);
    });
    (preflight ?? c.res).headers.set(correlation.name, c.get('requestId'));
    return preflight;
  };
}

/**
 * Runs Hono's CORS middleware without it rebuilding the route's answer. It puts its headers on
 * `c.res` before the route answers (an empty placeholder response) and adds `Vary: Origin` after,
 * through `c.header`; either makes Hono rebuild the answer as `new Response(res.body, res)`, which
 * on Node copies the whole body into a web Response and writes it through a stream (a 470 KB page,
 * every request). Instead, the placeholder is dropped before the route runs: its headers are the
 * context's prepared ones, which `c.body` starts from, and they are set again on the answer after,
 * as Hono's merge would (content-type left to the answer), for one a route made otherwise. The
 * answer's headers are mutable, so the context shows as not finalized to the CORS middleware alone.
 */
async function withoutRebuilds(
  middleware: MiddlewareHandler<MockEnv>,
  c: Parameters<MiddlewareHandler<MockEnv>>[0],
  next: Next,
): Promise<Response | undefined> {
  let finalized: boolean | undefined;
  const answer = await middleware(c, async () => {
    const early = c.res.headers;
    c.res = undefined;
    c.finalized = false;
    await next();
    for (const [name, value] of early) {
      if (name !== 'content-type' && name !== 'set-cookie') c.res.headers.set(name, value);
    }
    finalized = c.finalized;
    c.finalized = false;
  });
  if (finalized !== undefined) c.finalized = finalized;
  return answer ?? undefined;
}
