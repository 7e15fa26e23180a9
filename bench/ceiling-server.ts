import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

/**
 * The physical limit: node:http reading each request to its end and writing the same fixed bytes
 * (those the mock answered to the workload's request), with no routing, validation or JSON work.
 * The benchmark starts one per workload: `node bench/ceiling-server.ts --port N --body FILE`.
 */
function serve(port: number, body: Buffer): void {
  const headers = { 'content-type': 'application/json', 'content-length': body.length };
  createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, headers).end(body));
  }).listen(port, '127.0.0.1');
}

const { values } = parseArgs({ options: { port: { type: 'string' }, body: { type: 'string' } } });
if (values.port === undefined || values.body === undefined) {
  process.stderr.write('usage: node bench/ceiling-server.ts --port N --body FILE\n');
  process.exit(2);
}
serve(Number(values.port), readFileSync(values.body));
