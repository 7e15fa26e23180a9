import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port the OS just handed out; the server process binds it right after. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('the OS gave no TCP port');
  return address.port;
}
