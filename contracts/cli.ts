#!/usr/bin/env node
// The CI entry: `npx kibo-contracts --base-url URL …` (`npm run contracts` in this repository).
// Runs the checks in order in this process, prints the report, writes JUnit/JSON when asked;
// exit 0 / 1 / 2. Only a failed check exits 1: a check that breaks only the kit's assumptions
// does so with --strict. Plain Node, no test runner: an installed package runs it on Node 20 and up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatReport } from './format-report.ts';
import { junitReport } from './junit-report.ts';
import { runChecks } from './run-checks.ts';
import { parseSettings, UsageError, type Settings } from './settings.ts';
import { usage } from './usage.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import type { RunResult } from './check.ts';
import { runResult } from './verdicts.ts';
import { defined } from '../client/target-flags.ts';

async function main(argv: readonly string[]): Promise<number> {
  const plan = await loadPlan();
  let settings: Settings;
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

  let result: RunResult;
  try {
    result = await runChecks(settings.target, {
      ...(settings.only ? { only: settings.only } : {}),
      strict: settings.strict,
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      ...defined({
        seed: settings.seed,
        maxExamples: settings.maxExamples,
        minCoverage: settings.minCoverage,
      }),
      // Progress on stderr, so a run of minutes shows it is alive and stdout stays the report.
      onResult: (check) =>
        process.stderr.write(`contracts: ${check.id} ${check.status} (${check.durationMs} ms)\n`),
    });
  } catch (error) {
    // Checks report their own failures; what lands here kept the run from starting (no token…).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`contracts: the suite could not run: ${message}\n`);
    const empty = runResult({
      runId: 'none',
      target: settings.target.baseUrl,
      strict: settings.strict,
      checks: [],
      leftovers: [],
      assumptions: plan.assumptions,
    });
    if (settings.junit !== undefined) write(settings.junit, junitReport(empty, [message]));
    return 1;
  }
  process.stdout.write(`${formatReport(result)}\n`);
  if (settings.junit !== undefined) write(settings.junit, junitReport(result));
  if (settings.json !== undefined) write(settings.json, `${JSON.stringify(result, null, 2)}\n`);
  return result.summary.failed > 0 ? 1 : 0;
}

function write(path: string, text: string): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

process.exitCode = await main(process.argv.slice(2));
