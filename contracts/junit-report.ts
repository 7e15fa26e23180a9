import { groups, renderViolation, type CheckResult, type RunResult } from './check.ts';

/**
 * The run as JUnit XML, the format CI test views read: one test suite per group, one test case
 * per check (`id: title`), a failure carrying the rule and every violation, a skip its reason.
 * `errors` (what kept the suite from running) become a failing case of their own.
 */
export function junitReport(result: RunResult, errors: readonly string[] = []): string {
  const suites = groups
    .map((group) => ({ group, checks: result.checks.filter((check) => check.group === group) }))
    .filter(({ checks }) => checks.length > 0)
    .map(({ group, checks }) => suite(group, checks.map(testCase), checks));
  if (errors.length > 0) {
    const message = errors.join('\n');
    suites.push(
      `  <testsuite name="contracts" tests="1" failures="1" skipped="0" time="0">\n` +
        `    <testcase classname="contracts" name="the suite itself" time="0">\n` +
        `      <failure message="${escape(errors[0] ?? '')}">${escape(message)}</failure>\n` +
        `    </testcase>\n  </testsuite>`,
    );
  }
  const { passed, failed, skipped } = result.summary;
  const total = passed + failed + skipped + (errors.length > 0 ? 1 : 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="contracts of ${escape(result.target)} (run ${escape(result.runId)})" tests="${total}" ` +
    `failures="${failed + (errors.length > 0 ? 1 : 0)}" skipped="${skipped}" time="${seconds(result.checks)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

function suite(group: string, cases: readonly string[], checks: readonly CheckResult[]): string {
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  return (
    `  <testsuite name="${escape(group)}" tests="${checks.length}" failures="${count('failed')}" ` +
    `skipped="${count('skipped')}" time="${seconds(checks)}">\n${cases.join('\n')}\n  </testsuite>`
  );
}

function testCase(check: CheckResult): string {
  const open = `    <testcase classname="${escape(check.group)}" name="${escape(`${check.id}: ${check.title}`)}" time="${(check.durationMs / 1000).toFixed(3)}"`;
  if (check.status === 'passed') return `${open} />`;
  if (check.status === 'skipped') {
    return `${open}>\n      <skipped message="${escape(check.skipReason ?? 'skipped')}" />\n    </testcase>`;
  }
  const details = [`rule: ${check.rule}`, ...check.violations.map((v) => `- ${renderViolation(v)}`)].join(
    '\n',
  );
  const first = check.violations[0];
  return (
    `${open}>\n      <failure message="${escape(first ? renderViolation(first) : check.rule)}">` +
    `${escape(details)}</failure>\n    </testcase>`
  );
}

function seconds(checks: readonly CheckResult[]): string {
  return (checks.reduce((sum, check) => sum + check.durationMs, 0) / 1000).toFixed(3);
}

/** XML 1.0 text and attribute values: the five predefined entities, control characters dropped. */
function escape(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
