import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { MockEnv } from './mock-env.ts';

/** Headers a browser app must be able to read from our answers. */
const exposed = ['x-vol-correlation', 'WWW-Authenticate', 'Retry-After', 'Allow'];

/**
 * CORS for frontends developing against the mock (any origin, reflected, with credentials) and the
 * `x-vol-correlation` header Kibo's SDK reads into its errors: echoed when the client sent one,
 * otherwise numbered per app so fixed-clock runs repeat exactly. The admin API gets no CORS: any
 * web page a developer opens could otherwise reset tenants or read the journal of a local mock.
 */
export function corsAndCorrelation(): MiddlewareHandler<MockEnv> {
  const allowCors = cors({
    origin: (origin) => origin,
    credentials: true,
    exposeHeaders: exposed,
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  let counter = 0;
  return async (c, next) => {
    const correlation =
      c.req.header('x-vol-correlation')?.slice(0, 128) ?? `mock-${(++counter).toString().padStart(8, '0')}`;
    c.set('correlationId', correlation);
    // A preflight is answered by the CORS middleware itself, without reaching any route.
    const preflight = c.req.path.startsWith('/__mock') ? (await next(), undefined) : await allowCors(c, next);
    const response = preflight ?? c.res;
    response.headers.set('x-vol-correlation', correlation);
    return preflight;
  };
}
