import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { plans } from './plans.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { runBenchmark } from './run-benchmark.ts';
import { renderSoak, runSoak, soakMet } from './soak.ts';
import { killAllServers } from './server-process.ts';

const usage = `Usage: npm run bench [-- --quick | --smoke | --soak DURATION] [--profile] [--out DIR]

  (no flag)        the full run (several minutes), written to bench/results/latest.{md,json}
  --quick          about four minutes, one short round each, Prism -d on Bulk-10 only, written to bench/results/quick.{md,json}
  --smoke          a few hundred requests against the mock and the ceiling only, to check the harness
  --soak DURATION  full-rate Bulk-10 against one mock for DURATION (10m, 90s), its memory read every
                   minute, written to bench/results/soak.{md,json}; exits 1 when it misses a target
                   (RSS at the end ≤ 300 MB, last minute's 2xx/s ≥ 0.8 × the first's)
  --profile        also profile the mock under Bulk-10 (the full run always does)
  --built          run the built package's mock (npm run build first; dist/mock/cli/cli.js) instead of
                   the sources, e.g. to compare start-up; its reports are named *-built
  --out DIR        where the reports go (default bench/results)`;

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
        soak: { type: 'string' },
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

if (values.soak !== undefined) {
  const seconds = durationSeconds(values.soak);
  const report = await runSoak({
    root,
    seconds,
    command: `npm run bench -- ${args.join(' ')}`,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'soak.md'), renderSoak(report));
  process.stdout.write(`\n${renderSoak(report)}\nReports: ${join(outDir, 'soak.md')}, soak.json\n`);
  // The soak is the issue's check of bounded memory, so a miss fails it; the benchmark's own
  // goals are figures to report (some are not met) and leave its exit status to harness errors.
  process.exit(soakMet(report.targets) ? 0 : 1);
}

/** `10m`, `90s` or plain seconds. */
function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m)?$/.exec(text);
  if (!match) {
    process.stderr.write(`--soak takes a duration such as 10m or 90s (got ${text})\n\n${usage}\n`);
    process.exit(2);
  }
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
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
