import { groups, renderViolation, type CheckResult, type RunResult } from './check.ts';

const marks = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;

/** The summary line CI logs end with: `contracts: 23 passed, 2 failed, 1 skipped`. */
export function summaryLine(result: Pick<RunResult, 'summary'>): string {
  const { passed, failed, skipped } = result.summary;
  return `contracts: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

/**
 * The readable report: checks by group in run order; a failing check shows the rule it enforces
 * and each violation with its location; then what could not be cleaned up; then the summary.
 */
export function formatReport(result: RunResult, errors: readonly string[] = []): string {
  const lines = [`Contract checks of ${result.target} (run ${result.runId})`];
  for (const group of groups) {
    const checks = result.checks.filter((check) => check.group === group);
    if (checks.length === 0) continue;
    lines.push('', group);
    for (const check of checks) lines.push(...formatCheck(check));
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
  lines.push('', summaryLine(result));
  return lines.join('\n');
}

function formatCheck(check: CheckResult): string[] {
  const head = `  ${marks[check.status]} ${check.id} — ${check.title}`;
  if (check.status === 'skipped') return [`${head} (skipped: ${check.skipReason ?? 'no reason given'})`];
  if (check.status === 'passed') return [`${head} (${check.durationMs} ms)`];
  return [
    head,
    `       rule: ${check.rule}`,
    ...check.violations.map((violation) => `       - ${renderViolation(violation)}`),
  ];
}
