import { groups, renderViolation, type CheckResult, type RunResult } from './check.ts';
import { formatCoverage } from './coverage/format-coverage.ts';

const marks = { passed: 'PASS', failed: 'FAIL', differs: 'DIFF', skipped: 'SKIP' } as const;

/**
 * The summary line CI logs end with: `contracts: 23 passed, 2 failed, 1 skipped`, and how many
 * checks found only the kit's assumptions not shared (`…, 3 assumptions not shared`).
 */
export function summaryLine(result: Pick<RunResult, 'summary'>): string {
  const { passed, failed, skipped, differs } = result.summary;
  const notShared = differs > 0 ? `, ${differs} assumption${differs === 1 ? '' : 's'} not shared` : '';
  return `contracts: ${passed} passed, ${failed} failed, ${skipped} skipped${notShared}`;
}

/**
 * The readable report: checks by group in run order; a failing check shows the rule it enforces
 * and each violation with its location; then the checks where the target does not share one of
 * the kit's assumptions (not failures unless --strict), what could not be cleaned up, the
 * calibration of every assumption, then the summary.
 */
export function formatReport(result: RunResult, errors: readonly string[] = []): string {
  const lines = [
    `Contract checks of ${result.target} (run ${result.runId}${result.strict ? ', strict: assumptions count as failures' : ''})`,
  ];
  for (const group of groups) {
    const checks = result.checks.filter((check) => check.group === group);
    if (checks.length === 0) continue;
    lines.push('', group);
    for (const check of checks) lines.push(...formatCheck(check));
  }
  const differing = result.checks.filter((check) => check.status === 'differs');
  if (differing.length > 0) {
    lines.push(
      '',
      'Assumptions the target does not share (the kit assumes them, Kibo does not publish them; not failures, --strict makes them so)',
    );
    for (const check of differing) {
      lines.push(`  DIFF ${check.id} — ${check.title}`, `       rule: ${check.rule}`);
      lines.push(...check.violations.map((violation) => `       - ${renderViolation(violation)}`));
    }
  }
  if (result.leftovers.length > 0) {
    lines.push('', 'Not cleaned up (delete by hand):');
    for (const left of result.leftovers) {
      lines.push(`  account ${left.id}${left.emailAddress ? ` (${left.emailAddress})` : ''}: ${left.reason}`);
    }
  }
  if (errors.length > 0) {
    lines.push('', 'The suite itself failed:');
    for (const error of errors) lines.push(`  ${error}`);
  }
  lines.push(...formatCalibration(result), ...formatCoverage(result), '', summaryLine(result));
  return lines.join('\n');
}

/** Each assumption of the kit against this target: what to keep, change or turn off in the mock. */
function formatCalibration(result: RunResult): string[] {
  if (result.calibration.length === 0) return [];
  const lines = ['', 'Calibration: the kit’s assumptions against this target'];
  for (const { id, verdict, evidence } of result.calibration) {
    const head = `  ${verdict.padEnd(12)} ${id}`;
    if (verdict === 'contradicted')
      lines.push(head, ...evidence.map((line) => `               instead: ${line}`));
    else if (verdict === 'confirmed') lines.push(`${head} (${evidence.join(', ')})`);
    else lines.push(head);
  }
  return lines;
}

function formatCheck(check: CheckResult): string[] {
  const head = `  ${marks[check.status]} ${check.id} — ${check.title}`;
  if (check.status === 'skipped') return [`${head} (skipped: ${check.skipReason ?? 'no reason given'})`];
  if (check.status === 'passed') return [`${head} (${check.durationMs} ms)`];
  if (check.status === 'differs') return [`${head} (an assumption not shared: see below)`];
  return [
    head,
    `       rule: ${check.rule}`,
    ...check.violations.map((violation) => `       - ${renderViolation(violation)}`),
  ];
}
