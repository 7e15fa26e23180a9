import { enableCompileCache } from 'node:module';

/*
 * `npm start`. Node strips the types of every module and compiles it on each start; its compile
 * cache keeps both between runs (a quarter of the start-up on a 2-core machine). It must be on
 * before the modules load, hence this entry point that imports the command afterwards.
 */
enableCompileCache(
  new URL('../../node_modules/.cache/kibo-accounts-mock/compile/', import.meta.url).pathname,
);
await import('./start-command.ts');
