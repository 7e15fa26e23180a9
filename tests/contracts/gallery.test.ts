import { describe, expect, it } from 'vitest';
import { renderViolation, type RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { brokenImplementations } from './support/broken-implementations.ts';
import { clientSecret, startMockTarget } from './support/mock-target.ts';

// Seeded, so the generated cases, and the checks that catch a flaw with them, are the same every run.
const gallerySeed = 1;
const fewExamples = 5;

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
        const generated = { seed: gallerySeed, maxExamples: broken.maxExamples ?? fewExamples };
        const lenient = await runChecks(running.target, generated);
        const strict = await runChecks(running.target, { ...generated, strict: true });
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

  it(
    'prints the shrunk case that caught a flaw as a curl command, secrets redacted',
    async () => {
      const flaw = brokenImplementations.find((broken) =>
        broken.name.startsWith("accepts a contact's email"),
      );
      if (!flaw) throw new Error('the gallery has no contact-email flaw');
      const running = await startMockTarget(flaw.wrap);
      try {
        const result = await runChecks(running.target, {
          only: ['generated'],
          seed: gallerySeed,
          strict: true,
        });
        const caught = result.checks.find(
          (check) => check.id === 'generated.addAccountContact-refuses-invalid',
        );
        const message = caught?.violations[0]?.message ?? '';
        expect(message).toMatch(
          /expected 400 \(email not a email \("not-an-email-address"\)\), got 200 .* — reproduce \(seed \d+, shrunk \d+ times\): curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/commerce\/customer\/accounts\/\d+\/contacts' -H 'authorization: Bearer \[redacted\]' -H 'content-type: application\/json' --data-raw '\{"email":"not-an-email-address",/,
        );
        expect(message).not.toContain(clientSecret);
        expect(message).not.toMatch(/eyJ[\w-]{6,}/);
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
