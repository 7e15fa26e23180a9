import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createMock, type Mock, type MockOptions } from '../app.ts';
import type { TlsCredentials } from './local-certificate.ts';

export interface ServerOptions extends MockOptions {
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
  readonly mock: Mock;
  close(): Promise<void>;
}

export const defaultPort = 4010;
export const defaultHost = '127.0.0.1';

/** Starts the mock on a socket; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const mock = await createMock(options);
  const host = options.host ?? defaultHost;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const { tls } = options;
    const listen = { fetch: mock.app.fetch, port: options.port ?? defaultPort, hostname: host };
    const started = serve(
      tls
        ? { ...listen, createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } }
        : listen,
      () => resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    mock,
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
