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
const raised: AssumptionSettings = {
  'body-size': 32 * 1024 * 1024,
  'json-depth': 64,
  'scan-limit': 1_000_000,
};
const settings: AssumptionSettings = Object.fromEntries(
  plan.assumptions.flatMap(({ id }) => {
    if (raised[id] !== undefined) return [[id, raised[id]]];
    return assumptionSettingProblems(plan, { [id]: false }).length === 0 ? [[id, false]] : [];
  }),
);

/**
 * Assumptions the lenient target drops but no check can see from outside, and why. Every other
 * assumption it drops must come out contradicted: a new one either gets a check or a line here.
 */
const unobservable: Record<string, string> = {
  'json-depth':
    'a body nested past the limit is refused by other rules too (unknown or wrong-typed fields), so that refusal says nothing of the limit',
  'scan-limit': 'it needs a tenant of more than 20,000 accounts',
  'search-fields':
    'the lenient target searches every text field, which finds whatever the kit’s fields find; which fields a tenant does not search is not visible on accounts the suite may create',
  'reset-codes':
    'it marks only how long a reset code works (x-code-lifetime-minutes, an hour): a run would have to wait that long; the rest of it (a code works once, Reset-Password never says whether the account exists) the lenient target keeps',
};

/**
 * Assumptions the mock keeps whatever it is told (assumption-settings.ts refuses to turn them
 * off), so the lenient target shares them: none may come out contradicted.
 */
const keptByTheMock: Record<string, string> = {
  'error-body': 'its errors carry message and errorCode',
  'token-response': 'its token answer is what Kibo’s SDKs log in with',
  'secrets-write-only': 'it never answers a secret',
  // Unobservable as well: the suite deletes only its own accounts, which have no orders.
  'delete-with-orders': 'it has no other status to give',
  'error-statuses': 'it marks no rule to turn off',
  'sign-in-refusal': 'it has no other status to give a refused sign-in',
};

const dropped = Object.keys(settings).filter((id) => raised[id] === undefined);
const changed = Object.keys(settings);
const observable = changed.filter((id) => unobservable[id] === undefined);

let running: RunningTarget;
let lenient: RunResult;
let strict: RunResult;

beforeAll(async () => {
  running = await startMockTarget(undefined, { assumptions: settings });
  // Seeded: the generated cases, and so the evidence each verdict quotes, are the same every run.
  lenient = await runChecks(running.target, { seed: 1 });
  strict = await runChecks(running.target, { seed: 1, strict: true });
}, 240_000);
afterAll(() => running?.close());

describe('the suite against an implementation of Kibo’s contract without the kit’s assumptions', () => {
  it('turns off every assumption that can be, raises the bounds, and lists the rest', () => {
    expect(dropped.length).toBeGreaterThanOrEqual(25);
    expect(settings).toMatchObject({ duplicates: false, 'all-or-nothing': false, 'batch-limit': false });
    const unaccounted = plan.assumptions
      .map(({ id }) => id)
      .filter((id) => settings[id] === undefined && keptByTheMock[id] === undefined);
    expect(unaccounted, 'neither turned off nor kept by the mock').toEqual([]);
    for (const id of Object.keys(unobservable)) expect(changed, id).toContain(id);
  });

  it('fails nothing without --strict: what differs is reported apart', () => {
    const failed = lenient.checks.filter((check) => check.status === 'failed');
    expect(failed.map((check) => [check.id, check.violations])).toEqual([]);
    expect(lenient.summary.differs).toBeGreaterThan(0);
  });

  it('lists each assumption it does not share as contradicted, with what it did instead', () => {
    const contradicted = lenient.calibration.filter((a) => a.verdict === 'contradicted');
    expect(contradicted.map((a) => a.id).sort()).toEqual(observable.sort());
    const said = Object.fromEntries(contradicted.map((a) => [a.id, a.evidence.join('\n')]));
    expect(said.duplicates).toContain('expected 409');
    expect(said['all-or-nothing']).toContain('a refused batch created 1 account(s) anyway');
    expect(said['batch-limit']).toContain('expected 400 (1001 items), got 200');
    expect(said['unknown-fields']).toContain(
      'expected 400 (an account with an undeclared property), got 200',
    );
    expect(said['email-required']).toContain('got 200');
    // The generated cases quote it first: one character past a maxLength, accepted.
    expect(said.lengths).toMatch(/of (\d+) characters \(maxLength \d+\)\), got 200/);
    expect(said['media-types']).toContain('expected 415 (a JSON body sent as text/plain), got 200');
    expect(said['challenge-header']).toContain('header WWW-Authenticate is required but missing');
    expect(said['batch-echo']).toContain('/pageSize must be 3 (got 0)');
    expect(said['body-required']).toContain('expected 400 (no body), got 200');
    expect(said['empty-batch']).toContain('expected 400 (an empty batch), got 200');
    expect(said['email-format']).toContain('(an emailAddress that is not an email address), got 200');
    expect(said['locale-pattern']).toContain('(a localeCode written en_US), got 200');
    expect(said['iso-codes']).toContain('(a countryCode in lower case), got 200');
    expect(said['context-headers']).toContain('expected 400 (x-vol-tenant: not-valid), got 403');
    expect(said['token-request']).toContain('expected 400 (a token request without client_id), got 401');
    expect(said['numeric-ranges']).toContain('expected 400 (startIndex -1), got 200');
    expect(said['response-groups']).toContain(
      '/commerceSummary came back, though group OrderSummary was not named',
    );
    expect(said['fields-meaning']).toContain('came back but was not requested (fields=id,emailAddress)');
    expect(said['user-id-meaning']).toContain('expected 404 (userId of another login), got 200');
    expect(said.defaults).toContain(
      '/taxExempt must default to false, as its item left it out (got nothing)',
    );
    expect(said.lockout).toContain('the right password after 5 wrong ones was let in');
    expect(said['user-claims']).toContain(
      "expected 403 (another account's shopper in x-vol-user-claims), got 200",
    );
    expect(said['update-semantics']).toContain('/contacts changed though the update left it out');
    expect(said['primary-contacts']).toContain('contacts primary for Billing must be only');
    expect(said['contact-list-replace']).toContain("the list must replace the account's contacts");
    expect(said['password-rules']).toContain('expected 400 (no oldPassword), got 401');
    expect(said['required-parameters']).toContain('expected 400 (no emailAddress), got 404');
    expect(said['sign-up-password']).toContain('expected 400 (a sign-up without a password), got 200');
    expect(said['shopper-tokens']).toContain(
      '/refreshTokenExpiration must be 10080 minutes after the answer',
    );
  });

  it('never contradicts what it keeps, nor claims to see what it cannot', () => {
    const verdicts = Object.fromEntries(lenient.calibration.map((a) => [a.id, a.verdict]));
    for (const id of [...Object.keys(keptByTheMock), ...Object.keys(unobservable)])
      expect(verdicts[id], id).not.toBe('contradicted');
    expect(verdicts['error-body']).toBe('confirmed');
    expect(verdicts['sign-in-refusal']).toBe('confirmed');
    expect(verdicts['reset-codes']).toBe('confirmed');
    expect(verdicts['secrets-write-only']).toBe('confirmed');
    expect(verdicts['search-fields']).toBe('no evidence');
  });

  it('fails with --strict, naming every assumption not shared', () => {
    const failed = strict.checks.filter((check) => check.status === 'failed');
    const named = new Set(failed.flatMap((check) => check.violations.map((v) => v.assumption)));
    for (const id of observable) expect(named, id).toContain(id);
    expect(failed.every((check) => check.violations.every((v) => v.assumption !== undefined))).toBe(true);
  });
});
