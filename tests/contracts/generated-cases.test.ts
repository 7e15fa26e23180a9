import { expect, it } from 'vitest';
import { runChecks } from '../../contracts/run-checks.ts';
import { brokenImplementations } from './support/broken-implementations.ts';
import { startMockTarget } from './support/mock-target.ts';

const slowTimeoutMs = 120_000;

it(
  'replays a run exactly with the same seed, down to the shrunk reproducer',
  async () => {
    const flaw = brokenImplementations.find((broken) => broken.name.startsWith("accepts a contact's email"));
    if (!flaw) throw new Error('the gallery has no contact-email flaw');
    // Each run against a fresh target, so the ids it assigns are the same too; only the port differs.
    const failures = async () => {
      const running = await startMockTarget(flaw.wrap);
      try {
        const result = await runChecks(running.target, {
          only: ['generated'],
          seed: 1234,
          runId: 'replay',
          strict: true,
        });
        return result.checks
          .filter((check) => check.status === 'failed')
          .map((check) => [check.id, check.violations[0]?.message.replace(/127\.0\.0\.1:\d+/g, 'host')]);
      } finally {
        await running.close();
      }
    };
    const first = await failures();
    expect(first.length).toBeGreaterThan(0);
    expect(await failures()).toEqual(first);
  },
  slowTimeoutMs,
);

it(
  'fails a run below --min-coverage with the figure, and passes one above it',
  async () => {
    const running = await startMockTarget();
    try {
      const low = await runChecks(running.target, { only: ['auth'], minCoverage: 99 });
      const check = low.checks.find((c) => c.id === 'conformance.min-coverage');
      expect(check?.status).toBe('failed');
      expect(check?.violations[0]?.message).toMatch(
        /^the run saw \d+(\.\d)? % of the declared \(operation, status\) pairs answered \(\d+ of \d+\), below --min-coverage 99/,
      );
      expect(low.summary.failed).toBeGreaterThan(0);
      const high = await runChecks(running.target, { only: ['auth'], minCoverage: 1 });
      expect(high.checks.find((c) => c.id === 'conformance.min-coverage')?.status).toBe('passed');
      expect(high.summary.failed).toBe(0);
    } finally {
      await running.close();
    }
  },
  slowTimeoutMs,
);

it(
  'counts as covered exactly the statuses the run saw answered',
  async () => {
    const running = await startMockTarget();
    try {
      const result = await runChecks(running.target, { only: ['auth'] });
      const addAccounts = result.coverage?.operations.find((o) => o.operationId === 'addAccounts');
      expect(addAccounts?.seen).toEqual(expect.arrayContaining([200, 401]));
      expect(addAccounts?.seen.every((status) => addAccounts.declared.includes(status))).toBe(true);
      expect(addAccounts?.ruleKinds).toContain('auth');
      const { seen, declared, percent } = result.coverage?.total ?? { seen: 0, declared: 0, percent: 0 };
      expect(percent).toBe(Math.round((1000 * seen) / declared) / 10);
    } finally {
      await running.close();
    }
  },
  slowTimeoutMs,
);
