import {
  SkipCheck,
  type Check,
  type CheckResult,
  type Group,
  type RunResult,
  type Violation,
} from './check.ts';
import { allChecks, alwaysRun } from './checks/all-checks.ts';
import { createRunContext, type RunContext, type RunOptions } from './run-context.ts';
import { checkStatus, runResult } from './verdicts.ts';
import type { Target } from '../client/target.ts';
import { coverageOf } from './coverage/run-coverage.ts';
import { minimumCoverageResult } from './coverage/minimum-coverage.ts';
import { exercisedKinds } from './generated/exercised-rules.ts';

export interface RunChecksOptions extends RunOptions {
  /** Groups to run; cleanup and conformance always run. */
  readonly only?: readonly Group[];
  /** A broken assumption of the kit fails its check, as a broken contract does (default: it differs). */
  readonly strict?: boolean;
  /** Told of each check as it finishes. */
  readonly onResult?: (result: CheckResult) => void;
  /** `--min-coverage`: a run that saw fewer of the declared statuses answered fails. */
  readonly minCoverage?: number;
  /** Told of each group as its last check finishes, with that group's results (the CLI's progress lines). */
  readonly onGroup?: (group: Group, results: readonly CheckResult[], durationMs: number) => void;
}

/**
 * Once the run's signal fires (`--max-time`), the cleanup still gets this long to delete what the
 * run created: a stopped run must not leave test accounts in a tenant.
 */
const cleanupGraceMs = 30_000;

/** Runs the document's checks against a target, in order, in this process: what the CLI and tests call. */
export async function runChecks(target: Target, options: RunChecksOptions = {}): Promise<RunResult> {
  const context = await createRunContext(target, options);
  const checks = allChecks(context.plan, options.only);
  const strict = options.strict ?? false;
  const results: CheckResult[] = [];
  let groupStarted = performance.now();
  for (const [index, check] of checks.entries()) {
    const stopped = options.signal?.aborted === true;
    if (stopped && alwaysRun.includes(check.group) && context.signal === options.signal) {
      context.signal = AbortSignal.timeout(cleanupGraceMs);
    }
    const result =
      stopped && !alwaysRun.includes(check.group)
        ? notRun(check, stopReason(options.signal))
        : await runCheck(check, context, strict);
    results.push(result);
    options.onResult?.(result);
    if (checks[index + 1]?.group !== check.group) {
      options.onGroup?.(
        check.group,
        results.filter((r) => r.group === check.group),
        Math.round(performance.now() - groupStarted),
      );
      groupStarted = performance.now();
    }
  }
  if (options.minCoverage !== undefined) {
    const result = minimumCoverageResult(runCoverage(context), options.minCoverage);
    results.push(result);
    options.onResult?.(result);
  }
  return summarize(context, results, strict);
}

/** Why checks were not run: the reason the run's signal was aborted with, when it gave one. */
function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' ? reason : 'the run was stopped before this check';
}

function notRun(check: Check, reason: string): CheckResult {
  return {
    group: check.group,
    id: check.id,
    title: check.title,
    rule: check.rule,
    status: 'skipped',
    violations: [],
    skipReason: reason,
    durationMs: 0,
    assumptions: [...new Set(check.assumptions ?? [])],
  };
}

/** Runs one check; a thrown error fails it (the run goes on), a skip() skips it. Messages are redacted. */
export async function runCheck(check: Check, context: RunContext, strict: boolean): Promise<CheckResult> {
  const started = performance.now();
  context.currentCheckId = check.id;
  let violations: readonly Violation[] = [];
  let skipReason: string | undefined;
  try {
    violations = await check.run(context);
  } catch (error) {
    if (error instanceof SkipCheck) {
      skipReason = context.redactor.redact(error.reason);
    } else if (context.signal?.aborted === true && check.group !== 'cleanup') {
      // Stopped in flight by the run's limit: not a verdict on the target.
      skipReason = stopReason(context.signal);
    } else {
      violations = [
        {
          location: check.id,
          message: `could not complete: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
  }
  const redact = context.redactor.redact;
  return {
    group: check.group,
    id: check.id,
    title: check.title,
    rule: check.rule,
    status: skipReason === undefined ? checkStatus(violations, strict) : 'skipped',
    violations: violations.map((v) => ({ ...v, location: redact(v.location), message: redact(v.message) })),
    ...(skipReason === undefined ? {} : { skipReason }),
    durationMs: Math.round(performance.now() - started),
    assumptions: [...new Set(check.assumptions ?? [])],
  };
}

export function summarize(context: RunContext, checks: readonly CheckResult[], strict: boolean): RunResult {
  return runResult({
    runId: context.data.runId,
    target: context.target.baseUrl,
    strict,
    checks,
    leftovers: context.leftovers,
    assumptions: context.plan.assumptions,
    coverage: runCoverage(context),
    generation: context.generation,
  });
}

function runCoverage(context: RunContext) {
  return coverageOf(context.plan, context.exchanges, exercisedKinds(context));
}
