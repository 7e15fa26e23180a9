// `npm run build` (and `npm pack`, through prepack): the installable package in dist/. The
// TypeScript sources compile to JavaScript with declarations (tsconfig.build.json rewrites every
// `.ts` import to `.js`), and the data the built code reads at run time is copied beside it, at
// the same relative places as in the repository: the documents, the scenarios, the docs assets.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swaggerUiFiles } from '../mock/node/swagger-ui-assets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

const copy = (from: string, to: string = from) => {
  mkdirSync(dirname(join(dist, to)), { recursive: true });
  cpSync(join(root, from), join(dist, to), { recursive: true });
};
for (const file of readdirSync(join(root, 'openapi')).filter((f) => /\.ya?ml$/.test(f)))
  copy(`openapi/${file}`);
copy('scenarios');
// Swagger UI for /docs, in the package itself: users install no extra dependency, and no CDN is asked.
const swaggerUi = dirname(require.resolve('swagger-ui-dist/package.json'));
for (const file of [...swaggerUiFiles, 'LICENSE', 'NOTICE']) {
  mkdirSync(join(dist, 'swagger-ui'), { recursive: true });
  cpSync(join(swaggerUi, file), join(dist, 'swagger-ui', file));
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
for (const bin of Object.values(manifest.bin)) chmodSync(join(root, bin), 0o755);
