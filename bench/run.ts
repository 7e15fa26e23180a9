import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { plans } from './plans.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { runBenchmark } from './run-benchmark.ts';
import { killAllServers } from './server-process.ts';

const usage = `Usage: npm run bench [-- --quick | --smoke] [--profile] [--out DIR]

  (no flag)   the full run (several minutes), written to bench/results/latest.{md,json}
  --quick     about a minute, fewer Prism workloads, written to bench/results/quick.{md,json}
  --smoke     a few hundred requests against the mock and the ceiling only, to check the harness
  --profile   also profile the mock under Bulk-10 (the full run always does)
  --built     run the built package's mock (npm run build first; dist/mock/cli/cli.js) instead of
              the sources, e.g. to compare start-up; its reports are named *-built
  --out DIR   where the reports go (default bench/results)`;

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const { values } = (() => {
  try {
    return parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        built: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exit(2);
  }
})();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const chosen = plans[values.smoke ? 'smoke' : values.quick ? 'quick' : 'full'];
const plan = values.profile && chosen.profileSeconds === 0 ? { ...chosen, profileSeconds: 5 } : chosen;
const outDir = values.out ?? join(root, 'bench/results');
const workDir = mkdtempSync(join(tmpdir(), 'kibo-bench-'));

// Whatever ends this process, no server it started outlives it, and no scratch file stays.
const cleanUp = () => {
  killAllServers();
  rmSync(workDir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the servers\n`);
    process.exit(code);
  });
}

if (values.built && !existsSync(join(root, 'dist/mock/cli/cli.js'))) {
  process.stderr.write('bench: --built needs the package built first: npm run build\n');
  process.exit(2);
}

try {
  const report = await runBenchmark({
    plan,
    root,
    workDir,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    ...(values.built ? { mockScript: 'dist/mock/cli/cli.js' } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const name = `${plan.name === 'full' ? 'latest' : plan.name}${values.built ? '-built' : ''}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, `${name}.md`), renderMarkdown(report));
  process.stdout.write(`\n${renderText(report)}\nReports: ${join(outDir, `${name}.md`)}, ${name}.json\n`);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
