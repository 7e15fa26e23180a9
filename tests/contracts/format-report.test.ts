import { describe, expect, it } from 'vitest';
import type { CheckResult, RunResult } from '../../contracts/check.ts';
import { formatReport, summaryLine } from '../../contracts/format-report.ts';

const check = (over: Partial<CheckResult>): CheckResult => ({
  group: 'bulk',
  id: 'bulk.paging',
  title: 'The Bulk answer is one whole page',
  rule: 'startIndex 0, pageSize = totalCount = number of items, pageCount 1',
  status: 'passed',
  violations: [],
  durationMs: 3,
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
      violations: [
        {
          location: 'POST /commerce/customer/accounts/Bulk → 200',
          message: '/items/1/lastName was sent but is missing',
        },
      ],
    }),
    check({
      group: 'auth',
      id: 'auth.expired-token',
      status: 'skipped',
      skipReason: 'no expired token was given',
    }),
  ],
  leftovers: [{ id: 7, emailAddress: 'contract+r1-bulk-1@example.com', reason: 'DELETE → 500' }],
  summary: { passed: 1, failed: 1, skipped: 1 },
};

describe('the report', () => {
  it('groups checks, shows the rule and located violations of a failure, and ends with the summary', () => {
    const text = formatReport(result);
    expect(text).toContain(
      [
        '  FAIL bulk.echoes-fields — The Bulk answer is one whole page',
        '       rule: startIndex 0, pageSize = totalCount = number of items, pageCount 1',
        '       - POST /commerce/customer/accounts/Bulk → 200: /items/1/lastName was sent but is missing',
      ].join('\n'),
    );
    expect(text).toContain(
      'auth\n  SKIP auth.expired-token — The Bulk answer is one whole page (skipped: no expired token was given)',
    );
    expect(text).toContain('account 7 (contract+r1-bulk-1@example.com): DELETE → 500');
    expect(text.endsWith('contracts: 1 passed, 1 failed, 1 skipped')).toBe(true);
  });

  it('says how many passed, failed and were skipped', () => {
    expect(summaryLine(result)).toBe('contracts: 1 passed, 1 failed, 1 skipped');
  });
});
