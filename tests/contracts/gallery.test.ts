import { describe, expect, it } from 'vitest';
import { renderViolation, type RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { brokenImplementations } from './support/broken-implementations.ts';
import { startMockTarget } from './support/mock-target.ts';

// A whole run per flaw and mode, some of them thousands of requests (the oversize batch), on a busy CI box.
const slowTimeoutMs = 240_000;

const idsWith = (result: RunResult, status: string) =>
  result.checks.filter((check) => check.status === status).map((check) => check.id);

// Each broken implementation is the mock with one flaw, served on a real socket. The suite must
// fail it, in the checks that own the rule it breaks, for that reason: always when the flaw breaks
// Kibo's published contract, only with --strict when it breaks no more than the kit's assumptions.
describe('the suite catches a broken implementation that', () => {
  it.each(brokenImplementations)(
    '$name ($breaks)',
    async (broken) => {
      const running = await startMockTarget(broken.wrap);
      try {
        const lenient = await runChecks(running.target);
        const strict = await runChecks(running.target, { strict: true });
        const [first] = broken.caughtBy;
        expect(idsWith(strict, 'failed')).toEqual(expect.arrayContaining([...broken.caughtBy]));
        const evidence = strict.checks.find((check) => check.id === first)?.violations.map(renderViolation);
        expect(evidence?.join('\n')).toContain(broken.evidence);
        if (broken.breaks === 'contract') {
          expect(idsWith(lenient, 'failed')).toContain(first);
          expect(lenient.summary.failed).toBeGreaterThan(0);
        } else {
          expect(idsWith(lenient, 'failed')).toEqual([]);
          expect(idsWith(lenient, 'differs')).toEqual(expect.arrayContaining([...broken.caughtBy]));
        }
      } finally {
        await running.close();
      }
    },
    slowTimeoutMs,
  );

  it('counts at least twelve flaws, of both kinds', () => {
    expect(brokenImplementations.length).toBeGreaterThanOrEqual(12);
    expect(new Set(brokenImplementations.map((broken) => broken.breaks))).toEqual(
      new Set(['contract', 'assumption']),
    );
  });
});
