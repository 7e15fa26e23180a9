import { join } from 'node:path';
import { documentPath } from '../../openapi/load-document.ts';

/**
 * The Scalar mock server (@scalar/mock-server) serving our document, started through
 * bench/peers/scalar-server.ts: it answers under the document's paths without the server URL's
 * `/api`, like Prism, and checks requests against the document (422 when they do not match).
 */
export function scalarArgs(root: string, port: string): string[] {
  return [join(root, 'bench/peers/scalar-server.ts'), '--port', port, '--document', documentPath];
}
