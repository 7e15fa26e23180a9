import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocsAssets } from '../http/docs-routes.ts';

/** The files of swagger-ui-dist the docs page loads. */
export const swaggerUiFiles = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];

/**
 * Swagger UI's files, from the package itself: the built package carries a copy in
 * dist/swagger-ui/ (npm run build puts it there, so users install no extra dependency); the
 * repository reads them from the swagger-ui-dist devDependency. Nothing comes from a CDN.
 */
export function swaggerUiAssets(): DocsAssets {
  const bundled = fileURLToPath(new URL('../../swagger-ui/', import.meta.url));
  const dir = existsSync(bundled)
    ? bundled
    : dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return {
    read: async (name) =>
      swaggerUiFiles.includes(name) ? new Uint8Array(await readFile(join(dir, name))) : undefined,
  };
}
