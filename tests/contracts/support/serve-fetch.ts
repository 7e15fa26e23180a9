import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { FetchLike } from '../../../client/target.ts';

export interface Served {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a fetch function on a free loopback port: a real socket, as a staging server has. */
export function serveFetch(fetch: FetchLike): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets from fetch would hold close() open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      }),
    );
    server.once('error', reject);
  });
}
