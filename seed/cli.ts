#!/usr/bin/env node
// `npm run seed -- …` and the package's `kibo-seed` bin: creates the dataset's accounts on a target (seed-main.ts does the work).
// The first Ctrl-C or SIGTERM lets the batches in flight finish and saves the checkpoint; a second
// Ctrl-C quits at once (the conflict handling of the next run still creates nothing twice).
import { seedMain } from './seed-main.ts';

const controller = new AbortController();
const stop = (signal: NodeJS.Signals) => {
  process.stderr.write(`\nseed: ${signal}: finishing the batches in flight (Ctrl-C again to quit now)\n`);
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

process.exitCode = await seedMain(process.argv.slice(2), process.env, process, { signal: controller.signal });
