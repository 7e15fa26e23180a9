#!/usr/bin/env node
import module from 'node:module';

/*
 * `npm start`, and the package's `kibo-mock` bin. Node compiles every module on each start (and
 * strips the types of .ts sources); its compile cache keeps that between runs (a quarter of the
 * start-up on a 2-core machine). It must be on before the modules load, hence this entry point
 * that imports the command afterwards. Node 20 has no compile cache: it simply starts without.
 */
if ('enableCompileCache' in module && typeof module.enableCompileCache === 'function') {
  // The sources keep theirs under node_modules/.cache; the built package uses Node's default place.
  const fromSources = import.meta.url.endsWith('.ts');
  module.enableCompileCache(
    fromSources
      ? new URL('../../node_modules/.cache/kibo-accounts-mock/compile/', import.meta.url).pathname
      : undefined,
  );
}
await import('./start-command.ts');
