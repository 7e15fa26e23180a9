import { describe, expect, it } from 'vitest';
import { renderViolation } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { brokenImplementations } from './support/broken-implementations.ts';
import { startMockTarget } from './support/mock-target.ts';

// A whole run per flaw, some of them thousands of requests (the oversize batch), on a busy CI box.
const slowTimeoutMs = 120_000;

// Each broken implementation is the mock with one flaw, served on a real socket. The suite must
// fail it, in the checks that own the rule it breaks, for that reason.
describe('the suite catches a broken implementation that', () => {
  it.each(brokenImplementations)(
    '$name',
    async (broken) => {
      const running = await startMockTarget(broken.wrap);
      try {
        const result = await runChecks(running.target);
        const failed = result.checks.filter((check) => check.status === 'failed');
        expect(failed.map((check) => check.id)).toEqual(expect.arrayContaining([...broken.caughtBy]));
        const [first] = broken.caughtBy;
        const evidence = failed.find((check) => check.id === first)?.violations.map(renderViolation) ?? [];
        expect(evidence.join('\n')).toContain(broken.evidence);
        expect(result.summary.failed).toBeGreaterThan(0);
      } finally {
        await running.close();
      }
    },
    slowTimeoutMs,
  );

  it('counts at least twelve flaws', () => {
    expect(brokenImplementations.length).toBeGreaterThanOrEqual(12);
  });
});
