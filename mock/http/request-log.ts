import type { MiddlewareHandler } from 'hono';

export type LogSink = (line: string) => void;

/**
 * One line per request: method, path (without the query string), status, milliseconds. Headers and
 * bodies are never logged, so no password, secret or token can reach a log.
 */
export function requestLog(sink: LogSink | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!sink) return next();
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    sink(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`);
  };
}
