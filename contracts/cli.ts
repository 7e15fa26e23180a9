#!/usr/bin/env node
// The CI entry: `npx kibo-contracts --base-url URL …` (`npm run contracts` in this repository).
// A preflight first, then the checks in order in this process; prints the report, writes
// JUnit/JSON when asked. Exit 0 nothing failed, 1 a check failed (one that breaks only the kit's
// assumptions does so with --strict), 2 the command was wrong, 3 the setup was (the target, a
// secret, the time limit). `kibo-contracts proxy …` is the validating proxy instead. Plain Node,
// no test runner: an installed package runs it on Node 20 and up.
import { formatReport } from './format-report.ts';
import { junitReport } from './junit-report.ts';
import { runChecks } from './run-checks.ts';
import { parseSettings, UsageError, type Settings } from './settings.ts';
import { usage } from './usage.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import type { CheckResult, RunResult } from './check.ts';
import { runResult, type RunFacts } from './verdicts.ts';
import { createRedactor } from '../client/redactor.ts';
import { targetSecrets } from '../client/target.ts';
import { preflight, preflightTimeoutMs } from './preflight.ts';
import { defaultTimeoutMs } from './run-context.ts';
import { exitCodes } from './exit-codes.ts';
import { writeReportFile as write } from './write-report-file.ts';
import { runProxyCli } from './proxy/proxy-cli.ts';
import { defined } from '../client/target-flags.ts';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'proxy') return runProxyCli(argv.slice(1), process.env);
  const plan = await loadPlan();
  let settings: Settings;
  try {
    const parsed = parseSettings(argv, process.env, plan);
    if (parsed.help) {
      process.stdout.write(usage);
      return exitCodes.passed;
    }
    settings = parsed.settings;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`contracts: ${error.message}\nRun with --help for the options.\n`);
    return exitCodes.usage;
  }
  const { target } = settings;
  const redact = createRedactor(targetSecrets(target)).redact;
  // Progress on stderr, so a run of minutes shows it is alive and stdout stays the report.
  const progress = (line: string) => process.stderr.write(`contracts: ${redact(line)}\n`);

  const started = performance.now();
  const timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
  // The preflight's requests are small: unless told otherwise, a host silent for seconds is not answering.
  const checked = await preflight(target, { plan, timeoutMs: settings.timeoutMs ?? preflightTimeoutMs });
  if (!checked.ok) return setupFailed(settings, plan.assumptions, redact(checked.problem));
  progress(
    `preflight passed in ${seconds(performance.now() - started)} (the target answers like Kibo's API; ${checked.clients} client${checked.clients === 1 ? '' : 's'} got a token)`,
  );

  const limit = new AbortController();
  const timer =
    settings.maxTimeMs === undefined
      ? undefined
      : setTimeout(
          () => limit.abort(`not run: the run reached --max-time ${settings.maxTimeMs! / 1000} s`),
          Math.max(0, settings.maxTimeMs - (performance.now() - started)),
        );
  let result: RunResult;
  try {
    result = await runChecks(target, {
      ...(settings.only ? { only: settings.only } : {}),
      strict: settings.strict,
      timeoutMs,
      signal: limit.signal,
      ...defined({
        seed: settings.seed,
        maxExamples: settings.maxExamples,
        minCoverage: settings.minCoverage,
      }),
      onGroup: (group, results, durationMs) =>
        progress(`${group}: ${counts(results)} (${seconds(durationMs)})`),
    });
  } catch (error) {
    // Checks report their own failures; what lands here kept the run from starting.
    return setupFailed(
      settings,
      plan.assumptions,
      redact(error instanceof Error ? error.message : String(error)),
    );
  } finally {
    clearTimeout(timer);
  }
  process.stdout.write(`${formatReport(result)}\n`);
  if (settings.junit !== undefined) write(settings.junit, junitReport(result));
  if (settings.json !== undefined) write(settings.json, `${JSON.stringify(result, null, 2)}\n`);
  if (result.summary.failed > 0) return exitCodes.failed;
  if (limit.signal.aborted) {
    const notRun = result.checks.filter((check) => check.skipReason === limit.signal.reason).length;
    process.stderr.write(
      `contracts: the run reached --max-time ${settings.maxTimeMs! / 1000} s after ${seconds(performance.now() - started)}; ${notRun} check${notRun === 1 ? ' was' : 's were'} not run (listed as skipped), so it proves nothing about them. Give a longer --max-time (CONTRACTS_MAX_TIME), or fewer groups with --only.\n`,
    );
    return exitCodes.setup;
  }
  return exitCodes.passed;
}

/** One paragraph on stderr saying what to fix; the JUnit file, when asked for, fails with it too. */
function setupFailed(settings: Settings, assumptions: RunFacts['assumptions'], problem: string): number {
  process.stderr.write(`contracts: setup failed, no check was run. ${problem}\n`);
  const empty = runResult({
    runId: 'none',
    target: settings.target.baseUrl,
    strict: settings.strict,
    checks: [],
    leftovers: [],
    assumptions,
  });
  if (settings.junit !== undefined) write(settings.junit, junitReport(empty, [problem]));
  return exitCodes.setup;
}

function counts(results: readonly CheckResult[]): string {
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const differs = count('differs');
  return `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped${differs > 0 ? `, ${differs} not shared` : ''}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

process.exitCode = await main(process.argv.slice(2));
