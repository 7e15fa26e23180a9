// `npm run build:example`: examples/browser/ as a static site in examples/browser/dist/: the page,
// its script bundled by esbuild (the package's entries by name, resolved to their sources as
// package.json maps them), and msw's service worker script, copied from the msw package.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples/browser');
export const exampleDist = join(example, 'dist');

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
};
const alias = Object.fromEntries(
  Object.entries(manifest.exports).flatMap(([entry, target]) =>
    typeof target === 'object' && target['kibo-source']
      ? [[`${manifest.name}${entry.slice(1)}`, join(root, target['kibo-source'])]]
      : [],
  ),
);

mkdirSync(exampleDist, { recursive: true });
await build({
  entryPoints: [join(example, 'main.ts')],
  outfile: join(exampleDist, 'main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  alias,
  logLevel: 'warning',
});
copyFileSync(join(example, 'index.html'), join(exampleDist, 'index.html'));
copyFileSync(
  createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'),
  join(exampleDist, 'mockServiceWorker.js'),
);
