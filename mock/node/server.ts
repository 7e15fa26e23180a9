import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Mock } from '../app.ts';
import { invalidParameter, unexpected } from '../http/error-catalogue.ts';
import { createNodeMock, type NodeMockOptions } from './create-node-mock.ts';
import type { TlsCredentials } from './local-certificate.ts';

export interface ServerOptions extends NodeMockOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Serve https with this certificate (what Kibo's SDK needs to log in on its own). */
  readonly tls?: TlsCredentials;
}

export interface RunningServer {
  /** http(s)://HOST:PORT — the API is under `${url}/api`. */
  readonly url: string;
  readonly port: number;
  /** The mock answering now. */
  readonly mock: Mock;
  /** Answers with another mock from now on (--watch's reload); the old one is closed. */
  replace(next: Mock): void;
  close(): Promise<void>;
}

export const defaultPort = 4010;
export const defaultHost = '127.0.0.1';

/**
 * What node-server answers a request it cannot make a Request of (a backslash in the path, a bad
 * Host): by default a bare 400 with no body, which Kibo's SDK cannot parse; here Kibo's 400.
 * Anything else that reaches it is a bug, a 500 in Kibo's body too.
 */
function malformedRequest(error: unknown): Response {
  const refused =
    error instanceof RequestError
      ? invalidParameter('request', `the request cannot be read: ${error.message}`)
      : unexpected();
  return new Response(JSON.stringify(refused.body), {
    status: refused.status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Starts the mock on a socket; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? defaultHost;
  // Every name the host answers to: a wildcard listens on all, so the admin API cannot tell its own.
  let mock = await createNodeMock({ ...options, hosts: [...(options.hosts ?? []), host] });
  // Through `mock`, not bound to one app: a reload swaps the app under the listening socket.
  const fetch = (request: Request) => mock.app.fetch(request);
  const listener = getRequestListener(fetch, { hostname: host, errorHandler: malformedRequest });
  // The listener settles its own errors (errorHandler); node:http(s) only needs it called.
  const handle = (incoming: IncomingMessage, outgoing: ServerResponse) => void listener(incoming, outgoing);
  const { tls } = options;
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handle) : createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? defaultPort, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    get mock() {
      return mock;
    },
    replace(next) {
      const old = mock;
      mock = next;
      old.close();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          mock.close();
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
