import {
  SkipCheck,
  type Check,
  type CheckResult,
  type Group,
  type RunResult,
  type Violation,
} from './check.ts';
import { allChecks } from './checks/all-checks.ts';
import { createRunContext, type RunContext, type RunOptions } from './run-context.ts';
import type { Target } from '../client/target.ts';

export interface RunChecksOptions extends RunOptions {
  /** Groups to run; cleanup and conformance always run. */
  readonly only?: readonly Group[];
  /** Told of each check as it finishes (the CLI's progress lines). */
  readonly onResult?: (result: CheckResult) => void;
}

/** Runs the document's checks against a target, in order, in this process: what the CLI and tests call. */
export async function runChecks(target: Target, options: RunChecksOptions = {}): Promise<RunResult> {
  const context = await createRunContext(target, options);
  const checks = allChecks(context.plan, options.only);
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(check, context);
    results.push(result);
    options.onResult?.(result);
  }
  return summarize(context, results);
}

/** Runs one check; a thrown error fails it (the run goes on), a skip() skips it. Messages are redacted. */
export async function runCheck(check: Check, context: RunContext): Promise<CheckResult> {
  const started = performance.now();
  context.currentCheckId = check.id;
  let status: CheckResult['status'];
  let violations: readonly Violation[] = [];
  let skipReason: string | undefined;
  try {
    violations = await check.run(context);
    status = violations.length === 0 ? 'passed' : 'failed';
  } catch (error) {
    if (error instanceof SkipCheck) {
      status = 'skipped';
      skipReason = context.redactor.redact(error.reason);
    } else {
      status = 'failed';
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
    status,
    violations: violations.map((v) => ({ location: redact(v.location), message: redact(v.message) })),
    ...(skipReason === undefined ? {} : { skipReason }),
    durationMs: Math.round(performance.now() - started),
  };
}

export function summarize(context: RunContext, checks: readonly CheckResult[]): RunResult {
  const count = (status: CheckResult['status']) => checks.filter((check) => check.status === status).length;
  return {
    runId: context.data.runId,
    target: context.target.baseUrl,
    checks,
    leftovers: context.leftovers,
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
  };
}
