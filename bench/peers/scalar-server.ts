import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createMockServer } from '@scalar/mock-server';

/*
 * The Scalar mock server (a Hono app, answers from the document's examples or its schemas) serving
 * our document, on @hono/node-server as its own CLI does, so the benchmark can start it as a
 * process like every other target. It reads the document from the file: nothing goes online.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    document: { type: 'string' },
  },
});
if (values.port === undefined || values.document === undefined) {
  throw new Error('usage: scalar-server.ts --port PORT --document FILE');
}
const app = await createMockServer({ document: readFileSync(values.document, 'utf8'), logger: false });
const server = serve({ fetch: app.fetch, port: Number(values.port), hostname: values.host });
process.once('SIGTERM', () => server.close(() => process.exit(0)));
