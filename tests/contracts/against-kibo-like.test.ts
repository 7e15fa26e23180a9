import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import { assumptionSettingProblems, type AssumptionSettings } from '../../openapi/assumption-settings.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { startMockTarget, type RunningTarget } from './support/mock-target.ts';

// An implementation that keeps Kibo's published contract and none of the kit's assumptions: the
// mock with every assumption turned off (duplicates allowed, partial batches, unknown fields
// dropped, no batch limit, no required email …); the bounds that keep it safe are only raised.
const plan = await loadPlan();
const raised: AssumptionSettings = { 'body-size': 32 * 1024 * 1024, 'json-depth': 64 };
const settings: AssumptionSettings = Object.fromEntries(
  plan.assumptions.flatMap(({ id }) => {
    if (raised[id] !== undefined) return [[id, raised[id]]];
    return assumptionSettingProblems(plan, { [id]: false }).length === 0 ? [[id, false]] : [];
  }),
);

/** What the suite can see of each assumption the lenient target drops, and with which check. */
const expectedContradictions = [
  'all-or-nothing',
  // An unpaged answer, newest first.
  'batch-echo',
  'batch-limit',
  'behavior-names',
  'body-size',
  'challenge-header',
  'default-username',
  'duplicates',
  'email-required',
  // Without a batch limit it echoes more accounts than a collection page holds (items maxItems).
  'lengths',
  'malformed-selections',
  'media-types',
  'ttl-caps',
  'unknown-fields',
];

let running: RunningTarget;
let lenient: RunResult;
let strict: RunResult;

beforeAll(async () => {
  running = await startMockTarget(undefined, { assumptions: settings });
  lenient = await runChecks(running.target);
  strict = await runChecks(running.target, { strict: true });
}, 240_000);
afterAll(() => running?.close());

describe('the suite against an implementation of Kibo’s contract without the kit’s assumptions', () => {
  it('turns off every assumption that can be, and raises the bounds', () => {
    expect(Object.keys(settings).length).toBeGreaterThanOrEqual(25);
    expect(settings).toMatchObject({ duplicates: false, 'all-or-nothing': false, 'batch-limit': false });
  });

  it('fails nothing without --strict: what differs is reported apart', () => {
    const failed = lenient.checks.filter((check) => check.status === 'failed');
    expect(failed.map((check) => [check.id, check.violations])).toEqual([]);
    expect(lenient.summary.differs).toBeGreaterThan(0);
  });

  it('lists each assumption it does not share as contradicted, with what it did instead', () => {
    const contradicted = lenient.calibration.filter((a) => a.verdict === 'contradicted');
    expect(contradicted.map((a) => a.id).sort()).toEqual(expectedContradictions);
    const said = Object.fromEntries(contradicted.map((a) => [a.id, a.evidence.join('\n')]));
    expect(said.duplicates).toContain('expected 409');
    expect(said['all-or-nothing']).toContain('a refused batch created 1 account(s) anyway');
    expect(said['batch-limit']).toContain('expected 400 (1001 items), got 200');
    expect(said['unknown-fields']).toContain(
      'expected 400 (an account with an undeclared property), got 200',
    );
    expect(said['email-required']).toContain('got 200');
    expect(said.lengths).toContain('/items must NOT have more than 1000 items');
  });

  it('confirms what it still does like the kit, and names what no check can see', () => {
    const verdicts = Object.fromEntries(lenient.calibration.map((a) => [a.id, a.verdict]));
    expect(verdicts['error-body']).toBe('confirmed');
    expect(verdicts['search-fields']).toBe('no evidence');
  });

  it('fails with --strict, naming every assumption not shared', () => {
    const failed = strict.checks.filter((check) => check.status === 'failed');
    const named = new Set(failed.flatMap((check) => check.violations.map((v) => v.assumption)));
    for (const id of expectedContradictions) expect(named, id).toContain(id);
    expect(failed.every((check) => check.violations.every((v) => v.assumption !== undefined))).toBe(true);
  });
});
