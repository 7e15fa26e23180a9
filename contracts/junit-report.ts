import { groups, renderViolation, type CheckResult, type RunResult } from './check.ts';
import { coverageProperties } from './coverage/format-coverage.ts';

/**
 * The run as JUnit XML, the format CI test views read: one test suite per group, one test case
 * per check (`id: title`). A check that broke only the kit's assumptions is skipped with its
 * reason (unless the run is strict: then it failed); a calibration suite carries each
 * assumption's verdict as properties; `errors` (what kept the suite from running) become a
 * failing case of their own.
 */
export function junitReport(result: RunResult, errors: readonly string[] = []): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8" ?>'];
  const { passed, failed, differs, skipped } = result.summary;
  const broken = errors.length > 0 ? 1 : 0;
  lines.push(
    `<testsuites name="contracts of ${escape(result.target)} (run ${escape(result.runId)})" tests="${passed + failed + differs + skipped + broken}" failures="${failed + broken}" skipped="${skipped + differs}">`,
  );
  for (const group of groups) {
    const checks = result.checks.filter((check) => check.group === group);
    if (checks.length === 0) continue;
    const count = (wanted: CheckResult['status'][]) => checks.filter((c) => wanted.includes(c.status)).length;
    const time = seconds(checks.reduce((sum, check) => sum + check.durationMs, 0));
    lines.push(
      `  <testsuite name="${group}" tests="${checks.length}" failures="${count(['failed'])}" skipped="${count(['skipped', 'differs'])}" time="${time}">`,
    );
    for (const check of checks) lines.push(...testCase(check));
    lines.push('  </testsuite>');
  }
  if (errors.length > 0) {
    lines.push(
      '  <testsuite name="contracts" tests="1" failures="1" skipped="0" time="0">',
      '    <testcase classname="contracts" name="the suite itself" time="0">',
      `      <failure message="${escape(errors[0] ?? '')}">${escape(errors.join('\n'))}</failure>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  lines.push(`  <testsuite name="calibration" tests="0" failures="0" skipped="0">`, '    <properties>');
  for (const { id, verdict, evidence } of result.calibration) {
    const value = [verdict, ...evidence].join('; ');
    lines.push(`      <property name="assumption.${escape(id)}" value="${escape(value)}"/>`);
  }
  lines.push('    </properties>', '  </testsuite>');
  const coverage = coverageProperties(result);
  if (coverage.length > 0) {
    lines.push(`  <testsuite name="coverage" tests="0" failures="0" skipped="0">`, '    <properties>');
    for (const [name, value] of coverage)
      lines.push(`      <property name="${escape(name)}" value="${escape(value)}"/>`);
    lines.push('    </properties>', '  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testCase(check: CheckResult): string[] {
  const open = `    <testcase classname="contracts.${check.group}" name="${escape(`${check.id}: ${check.title}`)}" time="${seconds(check.durationMs)}"`;
  const details = check.violations.map(renderViolation).join('\n');
  const first = check.violations[0];
  switch (check.status) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [
        `${open}>`,
        `      <skipped message="${escape(check.skipReason ?? 'skipped')}"/>`,
        '    </testcase>',
      ];
    case 'differs':
      return [
        `${open}>`,
        `      <skipped message="${escape(`the target does not share this assumption: ${first ? renderViolation(first) : ''}`)}">${escape(details)}</skipped>`,
        '    </testcase>',
      ];
    case 'failed': {
      const kind = check.violations.every((v) => v.assumption !== undefined) ? 'assumption' : 'contract';
      return [
        `${open}>`,
        `      <failure type="${kind}" message="${escape(first ? renderViolation(first) : check.rule)}">${escape(`${check.rule}\n${details}`)}</failure>`,
        '    </testcase>',
      ];
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
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
