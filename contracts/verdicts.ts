import type { Assumption } from '../openapi/assumption-marks.ts';
import type {
  AssumptionVerdict,
  CheckResult,
  CheckStatus,
  RunResult,
  RunSummary,
  Violation,
} from './check.ts';

/**
 * A check's verdict from its violations: any of Kibo's published contract fails it; only the
 * kit's assumptions make it `differs`, a failure only when the run is strict.
 */
export function checkStatus(violations: readonly Violation[], strict: boolean): CheckStatus {
  if (violations.length === 0) return 'passed';
  if (strict || violations.some((v) => v.assumption === undefined)) return 'failed';
  return 'differs';
}

export function summarize(checks: readonly CheckResult[]): RunSummary {
  const count = (status: CheckStatus) => checks.filter((check) => check.status === status).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    differs: count('differs'),
    skipped: count('skipped'),
  };
}

/** How many violations of one assumption the calibration quotes as what the target did instead. */
const quoted = 3;

/**
 * Each assumption against this run: contradicted when a check saw it broken (quoting what the
 * target did), confirmed when a check that tests it finished without breaking it, else no evidence.
 */
export function calibrate(
  assumptions: readonly Pick<Assumption, 'id' | 'why'>[],
  checks: readonly CheckResult[],
): AssumptionVerdict[] {
  return assumptions.map(({ id, why }) => {
    const broken = checks.flatMap((check) =>
      check.violations
        .filter((v) => v.assumption === id)
        .map((v) => `${v.location}: ${v.message} (${check.id})`),
    );
    if (broken.length > 0) {
      const more = broken.length > quoted ? [`… and ${broken.length - quoted} more`] : [];
      return { id, why, verdict: 'contradicted', evidence: [...broken.slice(0, quoted), ...more] };
    }
    const kept = checks.filter(
      (check) => check.status !== 'skipped' && check.assumptions.includes(id) && !crashed(check),
    );
    if (kept.length > 0) {
      const more = kept.length > quoted ? [`${kept.length - quoted} more`] : [];
      return {
        id,
        why,
        verdict: 'confirmed',
        evidence: [...kept.slice(0, quoted).map((c) => c.id), ...more],
      };
    }
    return { id, why, verdict: 'no evidence', evidence: [] };
  });
}

/** A check that threw before judging anything (its one violation is located at the check itself). */
function crashed(check: CheckResult): boolean {
  return check.violations.some((v) => v.location === check.id);
}

/** What a run found, before its verdicts: the result less what is computed from its checks. */
export interface RunFacts extends Omit<RunResult, 'calibration' | 'summary'> {
  readonly assumptions: readonly Pick<Assumption, 'id' | 'why'>[];
}

/** The result of a run, however it was run (in-process or through vitest). */
export function runResult(facts: RunFacts): RunResult {
  const { assumptions, ...rest } = facts;
  return { ...rest, calibration: calibrate(assumptions, facts.checks), summary: summarize(facts.checks) };
}
