import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Headers a browser app must be able to read from our answers. */
const exposed = ['x-vol-correlation', 'WWW-Authenticate', 'Retry-After', 'Allow'];

/**
 * CORS for frontends developing against the mock (any origin, reflected, with credentials) and the
 * `x-vol-correlation` header Kibo's SDK reads into its errors: echoed when the client sent one,
 * otherwise numbered per app so fixed-clock runs repeat exactly.
 */
export function corsAndCorrelation(): MiddlewareHandler {
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
    // A preflight is answered by the CORS middleware itself, without reaching any route.
    const preflight = await allowCors(c, next);
    const response = preflight ?? c.res;
    response.headers.set('x-vol-correlation', correlation);
    return preflight;
  };
}
