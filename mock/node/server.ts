import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Mock } from '../app.ts';
import { createNodeMock, type NodeMockOptions } from './create-node-mock.ts';

export interface ServerOptions extends NodeMockOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export interface RunningServer {
  /** http://HOST:PORT — the API is under `${url}/api`. */
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

/** Starts the mock on a socket; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  let mock = await createNodeMock(options);
  const host = options.host ?? defaultHost;
  // Through `mock`, not bound to one app: a reload swaps the app under the listening socket.
  const fetch = (request: Request) => mock.app.fetch(request);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch, port: options.port ?? defaultPort, hostname: host }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
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
