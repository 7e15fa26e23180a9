import { expect, it } from 'vitest';
import type { CheckResult, RunResult } from '../../contracts/check.ts';
import { junitReport } from '../../contracts/junit-report.ts';
import { runResult } from '../../contracts/verdicts.ts';

const check = (over: Partial<CheckResult>): CheckResult => ({
  group: 'bulk',
  id: 'bulk.paging',
  title: 'The Bulk answer is one whole page',
  rule: 'startIndex 0, pageSize = totalCount',
  status: 'passed',
  violations: [],
  durationMs: 1500,
  assumptions: [],
  ...over,
});

const result: RunResult = runResult({
  runId: 'r1',
  target: 'https://t1.sandbox.mozu.com/api',
  strict: false,
  checks: [
    check({}),
    check({
      id: 'bulk.echoes-fields',
      status: 'failed',
      violations: [{ location: 'POST /Bulk → 200', message: '/items/1/lastName <"Lee"> & more\u0007' }],
    }),
    check({ group: 'auth', id: 'auth.limited', status: 'skipped', skipReason: 'no limited client' }),
    check({
      id: 'bulk.duplicates',
      status: 'differs',
      violations: [{ location: 'POST /Bulk → 200', message: 'expected 409', assumption: 'duplicates' }],
      assumptions: ['duplicates'],
    }),
  ],
  leftovers: [],
  assumptions: [{ id: 'duplicates', why: 'Kibo does not say' }],
});

it('writes one suite per group and one case per check, with failures, skips and differences', () => {
  const xml = junitReport(result);
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8" \?>\n<testsuites [^>]*tests="4" failures="1" skipped="2"/,
  );
  expect(xml).toContain('<testsuite name="bulk" tests="3" failures="1" skipped="1" time="4.500">');
  expect(xml).toContain(
    '<testcase classname="contracts.bulk" name="bulk.paging: The Bulk answer is one whole page" time="1.500"/>',
  );
  expect(xml).toMatch(
    /name="bulk\.echoes-fields[^"]*"[^>]*>\s*<failure type="contract" message="POST \/Bulk → 200: \/items\/1\/lastName &lt;&quot;Lee&quot;&gt; &amp; more">startIndex 0/,
  );
  expect(xml).toMatch(/name="auth\.limited[^"]*"[^>]*>\s*<skipped message="no limited client"\/>/);
  expect(xml).toMatch(
    /name="bulk\.duplicates[^"]*"[^>]*>\s*<skipped message="the target does not share this assumption/,
  );
  expect(xml).toContain('<property name="assumption.duplicates" value="contradicted;');
  expect(xml).not.toContain('\u0007');
});

it('reports what kept the suite from running as a failing case of its own', () => {
  const empty: RunResult = {
    ...result,
    checks: [],
    summary: { passed: 0, failed: 0, differs: 0, skipped: 0 },
  };
  const xml = junitReport(empty, ['no token: give --token or --client-id and --client-secret']);
  expect(xml).toContain('tests="1" failures="1"');
  expect(xml).toMatch(
    /<testcase classname="contracts" name="the suite itself"[^>]*>\s*<failure message="no token/,
  );
});
