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
  assumptions: [],
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
  strict: false,
  calibration: [],
  summary: { passed: 1, failed: 1, differs: 0, skipped: 1 },
};

const withAssumptions: RunResult = {
  ...result,
  checks: [
    check({
      group: 'bad-input',
      id: 'bad-input.oversize-batch',
      title: 'A batch over the item limit is refused',
      status: 'differs',
      assumptions: ['batch-limit'],
      violations: [
        {
          location: 'POST /commerce/customer/accounts/Bulk → 200',
          message: 'expected 400 (1001 items), got 200',
          assumption: 'batch-limit',
        },
      ],
    }),
  ],
  calibration: [
    {
      id: 'batch-limit',
      why: 'no batch size',
      verdict: 'contradicted',
      evidence: ['POST /commerce/customer/accounts/Bulk → 200: expected 400 (1001 items), got 200'],
    },
    {
      id: 'duplicates',
      why: 'no duplicates',
      verdict: 'confirmed',
      evidence: ['bad-input.duplicate-emailAddress-in-batch'],
    },
    { id: 'lengths', why: 'no lengths', verdict: 'no evidence', evidence: [] },
  ],
  summary: { passed: 0, failed: 0, differs: 1, skipped: 0 },
};

describe('the report', () => {
  it('lists checks that break only assumptions apart, and ends with the calibration', () => {
    const text = formatReport(withAssumptions);
    expect(text).toContain(
      '  DIFF bad-input.oversize-batch — A batch over the item limit is refused (an assumption not shared: see below)',
    );
    expect(text).toContain(
      'Assumptions the target does not share (the kit assumes them, Kibo does not publish them; not failures, --strict makes them so)\n  DIFF bad-input.oversize-batch',
    );
    expect(text).toContain(
      '       - POST /commerce/customer/accounts/Bulk → 200: expected 400 (1001 items), got 200 [assumption batch-limit]',
    );
    expect(text).toContain(
      '  contradicted batch-limit\n               instead: POST /commerce/customer/accounts/Bulk → 200: expected 400 (1001 items), got 200',
    );
    expect(text).toContain('  confirmed    duplicates (bad-input.duplicate-emailAddress-in-batch)');
    expect(text).toContain('  no evidence  lengths');
    expect(text.endsWith('contracts: 0 passed, 0 failed, 0 skipped, 1 assumption not shared')).toBe(true);
  });

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
