import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { documentPath as defaultDocument } from '../../openapi/load-document.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import type { FetchLike } from '../../client/target.ts';
import type { RunResult } from '../check.ts';
import { createSchemaValidator } from '../schema-validator.ts';
import { judgeTraffic } from './judge-traffic.ts';
import { createProxyApp, type ProxiedExchange } from './proxy-app.ts';

export interface ProxyOptions {
  readonly upstream: string;
  /** 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly strict: boolean;
  readonly timeoutMs: number;
  /** The most exchanges kept for the verdict; beyond it the oldest are forgotten. */
  readonly maxExchanges?: number;
  readonly documentPath?: string;
  readonly onUnmatched?: (method: string, path: string) => void;
  readonly fetch?: FetchLike;
}

export interface RunningProxy {
  readonly url: string;
  /** Closes the listener and judges what went through. */
  stop(): Promise<RunResult>;
}

/**
 * Keeps the last exchanges for the verdict: a proxy in front of a day of end-to-end tests must
 * not grow without bound. Ten thousand answers of a few kB each stay within tens of MB.
 */
const defaultMaxExchanges = 10_000;

/** Listens on host:port, forwarding to the upstream and recording what the document describes. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const documentPath = options.documentPath ?? defaultDocument;
  const plan = await loadPlan(documentPath);
  const seen: ProxiedExchange[] = [];
  const max = options.maxExchanges ?? defaultMaxExchanges;
  const app = createProxyApp({
    plan,
    upstream: options.upstream,
    validate: createSchemaValidator(),
    timeoutMs: options.timeoutMs,
    record: (proxied) => {
      seen.push(proxied);
      if (seen.length > max) seen.shift();
    },
    ...(options.onUnmatched ? { unmatched: options.onUnmatched } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const started = serve(
        { fetch: app.fetch, port: options.port, hostname: options.host },
        (info: AddressInfo) => resolve({ server: started, port: info.port }),
      );
      started.once('error', reject);
    },
  );
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    async stop() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of the clients would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return judgeTraffic(seen, { upstream: options.upstream, strict: options.strict, documentPath });
    },
  };
}
