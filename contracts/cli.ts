// The CI entry: `npm run contracts -- --base-url URL …`. Runs the checks on vitest
// (suite.contract.ts), prints the report, writes JUnit/JSON when asked; exit 0 / 1 / 2. Only a
// failed check exits 1: a check that breaks only the kit's assumptions does so with --strict.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest, type CliOptions } from 'vitest/node';
import { createContractReporter } from './contract-reporter.ts';
import { formatReport } from './format-report.ts';
import { junitReport } from './junit-report.ts';
import { parseSettings, UsageError, type Settings } from './settings.ts';
import { usage } from './usage.ts';
import { loadPlan } from '../openapi/load-plan.ts';

type Reporters = Exclude<CliOptions['reporters'], string | undefined> & unknown[];

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
// The oversize-body check uploads the document's byte limit; a check sends tens of requests.
const testTimeoutMs = 300_000;

async function main(argv: readonly string[]): Promise<number> {
  let settings: Settings;
  const plan = await loadPlan();
  try {
    const parsed = parseSettings(argv, process.env, plan);
    if (parsed.help) {
      process.stdout.write(usage);
      return 0;
    }
    settings = parsed.settings;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`contracts: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }

  const { reporter, collected } = createContractReporter(settings.target, settings.strict, plan.assumptions);
  const reporters: Reporters = [reporter];
  const vitest = await startVitest([], {
    config: false,
    root: projectRoot,
    run: true,
    watch: false,
    include: ['contracts/suite.contract.ts'],
    testTimeout: testTimeoutMs,
    hookTimeout: testTimeoutMs,
    provide: { contractSettings: settings },
    reporters,
  });
  await vitest.close();

  const run = collected();
  if (!run) {
    process.stderr.write('contracts: the suite did not run (vitest reported no result)\n');
    return 1;
  }
  process.stdout.write(`${formatReport(run.result, run.errors)}\n`);
  if (settings.junit !== undefined) write(settings.junit, junitReport(run.result));
  if (settings.json !== undefined) write(settings.json, `${JSON.stringify(run.result, null, 2)}\n`);
  return run.result.summary.failed > 0 || run.errors.length > 0 ? 1 : 0;
}

function write(path: string, text: string): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

process.exitCode = await main(process.argv.slice(2));
