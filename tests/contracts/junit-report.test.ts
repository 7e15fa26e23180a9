import { expect, it } from 'vitest';
import type { CheckResult, RunResult } from '../../contracts/check.ts';
import { junitReport } from '../../contracts/junit-report.ts';

const check = (over: Partial<CheckResult>): CheckResult => ({
  group: 'bulk',
  id: 'bulk.paging',
  title: 'The Bulk answer is one whole page',
  rule: 'startIndex 0, pageSize = totalCount',
  status: 'passed',
  violations: [],
  durationMs: 1500,
  ...over,
});

const result: RunResult = {
  runId: 'r1',
  target: 'https://t1.sandbox.mozu.com/api',
  checks: [
    check({}),
    check({
      id: 'bulk.echoes-fields',
      status: 'failed',
      violations: [{ location: 'POST /Bulk → 200', message: '/items/1/lastName <"Lee"> & more\u0007' }],
    }),
    check({ group: 'auth', id: 'auth.limited', status: 'skipped', skipReason: 'no limited client' }),
  ],
  leftovers: [],
  summary: { passed: 1, failed: 1, skipped: 1 },
};

it('writes one suite per group and one case per check, with failures and skips', () => {
  const xml = junitReport(result);
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="3" failures="1" skipped="1"/,
  );
  expect(xml).toContain('<testsuite name="bulk" tests="2" failures="1" skipped="0" time="3.000">');
  expect(xml).toContain(
    '<testcase classname="bulk" name="bulk.paging: The Bulk answer is one whole page" time="1.500" />',
  );
  expect(xml).toMatch(
    /name="bulk\.echoes-fields[^"]*"[^>]*>\s*<failure message="POST \/Bulk → 200: \/items\/1\/lastName &lt;&quot;Lee&quot;&gt; &amp; more">rule: startIndex 0/,
  );
  expect(xml).toMatch(/name="auth\.limited[^"]*"[^>]*>\s*<skipped message="no limited client" \/>/);
  expect(xml).not.toContain('\u0007');
});

it('reports what kept the suite from running as a failing case of its own', () => {
  const empty: RunResult = { ...result, checks: [], summary: { passed: 0, failed: 0, skipped: 0 } };
  const xml = junitReport(empty, ['no token: give --token or --client-id and --client-secret']);
  expect(xml).toContain('tests="1" failures="1"');
  expect(xml).toMatch(
    /<testcase classname="contracts" name="the suite itself"[^>]*>\s*<failure message="no token/,
  );
});
