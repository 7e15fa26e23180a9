import type { MiddlewareHandler } from 'hono';
import { credentialRedactor } from './redact-credentials.ts';

export type LogSink = (line: string) => void;

/**
 * One line per request: method, path (without the query string, and with any token a client put
 * in it redacted), status, milliseconds. Headers and bodies are never logged, so no password,
 * secret or token can reach a log.
 */
export function requestLog(sink: LogSink | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!sink) return next();
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    const path = credentialRedactor(c)(new URL(c.req.url).pathname);
    sink(`${c.req.method} ${path} ${c.res.status} ${ms}ms`);
  };
}
