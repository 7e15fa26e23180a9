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
      preflight = open ? await unsealedFor(allowCors, c, next) : (await next(), undefined);
    });
    (preflight ?? c.res).headers.set(correlation.name, c.get('requestId'));
    return preflight;
  };
}

/**
 * Hono's CORS middleware adds `Vary: Origin` after the route answered, through `c.header`, which
 * on a finalized context rebuilds the response around its body as a stream: on Node that copies the
 * whole answer into a web Response and writes it chunk by chunk (a 470 KB page, every request). Our
 * answers are made by `c.body`, their headers mutable, so the header can go on them as they are:
 * the context shows as not finalized to the CORS middleware alone, and is finalized again after.
 */
async function unsealedFor(
  middleware: MiddlewareHandler<MockEnv>,
  c: Parameters<MiddlewareHandler<MockEnv>>[0],
  next: Next,
): Promise<Response | undefined> {
  let finalized: boolean | undefined;
  const answer = await middleware(c, async () => {
    await next();
    finalized = c.finalized;
    c.finalized = false;
  });
  if (finalized !== undefined) c.finalized = finalized;
  return answer ?? undefined;
}
