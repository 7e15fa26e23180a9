import { join } from 'node:path';
import { documentPath } from '../../openapi/load-document.ts';

/**
 * Mockoon's CLI (@mockoon/cli) importing our document as it starts (it converts OpenAPI to a
 * Mockoon environment itself), serving under the server URL's `/api` prefix. Offline and quiet:
 * no external `$ref`s fetched, no admin API, no log file (its log goes to stdout, which the
 * benchmark discards).
 */
export function mockoonArgs(root: string, port: string): string[] {
  return [
    join(root, 'node_modules/@mockoon/cli/bin/run.js'),
    ...['start', '--data', documentPath, '--port', port, '--hostname', '127.0.0.1'],
    ...['--disable-log-to-file', '--disable-admin-api', '--disable-external-refs'],
  ];
}
