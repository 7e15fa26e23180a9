import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import {
  checkIds,
  generatedWithoutAShopper,
  journeysWithoutAShopper,
  renderedViolations,
  withoutCredentials,
} from './support/peer-verdicts.ts';
import { startPrism, type RunningPrism } from '../support/start-prism.ts';

// Prism serves the same document, statelessly, from its examples. What it gets wrong is recorded
// here, check by check, with the text that shows why; a change either way fails this test.
const prismFailures: Record<string, string> = {
  ...generatedWithoutAShopper,
  // Stateless: the account its example "created" is not in the list the link's filter asks for,
  'sequences.addAccount-links': 'link FindAccount: the page does not list the resource just created',
  // and the example shopper's claims still read the example account after the delete.
  'sequences.addAccountAndLogin-links':
    'expected 401 or 403 (link GetCurrentAccount after the delete), got 200',
  // Stateless: Bulk answers the document's example, whatever was sent.
  'bulk.creates-batch': '/items must hold the 3 account(s) sent (got 2)',
  'bulk.echoes-fields': '(got "ann.lee@example.com")',
  'bulk.read-back-by-id': 'account 1251: /id must be 1251 as sent (got 1001)',
  // Filters are ignored: every read-back gets the example page.
  'bulk.read-back-by-filter': 'that do not match it',
  // responseFields is not applied, nor parsed.
  'response-fields.bulk': 'came back but was not requested',
  'response-fields.nested': 'came back but was not requested',
  'response-fields.collection': 'came back but was not requested',
  'response-fields.unparsable': 'expected 400 (responseFields with an unbalanced parenthesis), got 200',
  // Prism refuses a missing or non-Bearer header, but nothing can be read back to prove nothing was created.
  'auth.missing-authorization': 'that do not match it',
  'auth.non-bearer-scheme': 'that do not match it',
  // Any bearer token passes: it is never decoded.
  'auth.garbage-token': 'expected 401 (a bearer token that is not a JWT), got 200',
  'auth.tampered-signature': 'expected 401 (the valid token with its signature altered), got 200',
  'auth.alg-none': 'expected 401 (the valid token re-encoded with alg none), got 200',
  // Its own error body (not Kibo's) for a body that does not parse or is too large.
  'bad-input.malformed-json': 'error answer: /errorCode is required',
  'bad-input.oversize-body': 'error answer: /errorCode is required',
  // Schema violations get the document's 400 example, which names items 0 and 3, not the failing one.
  'bad-input.wrong-field-types': 'must name the failing item 1',
  'bad-input.missing-required': 'must name the failing item 1',
  // Refused correctly, but not verifiable (filters ignored).
  'bad-input.non-array-body': 'that do not match it',
  'bad-input.missing-body': 'that do not match it',
  'bad-input.empty-batch': 'that do not match it',
  'bad-input.wrong-format-emailAddress': 'that do not match it',
  'bad-input.wrong-pattern-localeCode': 'that do not match it',
  'bad-input.wrong-pattern-countryCode': 'that do not match it',
  'bad-input.oversize-batch': 'that do not match it',
  'bad-input.wrong-content-type': 'that do not match it',
  'bad-input.above-maximum-authTicketTtlMinutes': 'that do not match it',
  'bad-input.above-maximum-refreshTokenTtlMinutes': 'that do not match it',
  'bad-input.unknown-field': 'that do not match it',
  // No state: duplicates cannot be seen.
  'bad-input.duplicate-emailAddress-in-batch': 'got 200',
  'bad-input.duplicate-emailAddress-existing': 'got 200',
  'bad-input.duplicate-userName-in-batch': 'got 200',
  'bad-input.duplicate-userName-existing': 'got 200',
  // The ids its example "created" belong to example accounts, which the cleanup must not touch.
  'cleanup.delete-created': "does not carry the run's tag",
  // Bulk answers its example accounts, so a journey has no shopper of its own to sign in.
  ...journeysWithoutAShopper,
  // A sign-up answers the example ticket, whose claims read the example account, Ann's.
  'shoppers.sign-up-and-refresh': 'the account of the sign-up\'s ticket (got "ann.lee@example.com")',
  // Its own problem+json for a path it does not route (the tenant lookup, under the auth host's /api).
  'conformance.content-type':
    'GET /platform/tenants/{tenantId} → 404: Content-Type is application/problem+json; declared: application/json',
};

// Prism's own error bodies carry properties ApiError does not declare: only the kit's assumption
// (unknown-fields) says a body may not, so that is reported apart, not failed.
const prismDiffers: Record<string, string> = {
  'conformance.body-schema':
    'POST /commerce/customer/accounts/Bulk → 400: /error is not a declared property [seen in bad-input.malformed-json] [assumption unknown-fields]',
  // Its example answer holds two accounts for the three sent: the third, defaults and all, is missing.
  'bulk.defaults':
    '/items/2/isActive must default to true, as its item left it out (got nothing) [assumption defaults]',
  // It reads no claims: any x-vol-user-claims, an anonymous shopper's too, gets the example account.
  'shoppers.anonymous-ticket': "expected 401 (an anonymous shopper's claims), got 200",
  // The document's example account comes back whatever the parameters say.
  'parameters.responseGroups':
    '/commerceSummary came back, though group OrderSummary was not named (responseGroups=Contacts) [assumption response-groups]',
  'parameters.userId': 'expected 404 (userId of another login), got 200',
  // The token endpoint is on the auth host's /api, which Prism does not route (nor the tenant lookup).
  'auth.token-request-without-client_id': 'expected 400 (a token request without client_id), got 404',
  'auth.token-request-without-client_secret': 'expected 400 (a token request without client_secret), got 404',
  'conformance.status-declared':
    'POST /platform/applications/authtickets/oauth → 404: status 404 is not declared; oauthAuthenticateApp declares 200, 400, 401, 413, 415, 429, 500',
};

let prism: RunningPrism;
let result: RunResult;

beforeAll(async () => {
  prism = await startPrism();
  // Prism has no oauth endpoint: a JWT-shaped token is given (so the tamper checks run), never checked.
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const claims = Buffer.from(JSON.stringify({ sub: 'contract-suite', exp: 4102444800 })).toString(
    'base64url',
  );
  // Seeded, so the generated cases, and so the verdicts, are the same every run.
  result = await runChecks({ baseUrl: prism.url, token: `${header}.${claims}.c2lnbmF0dXJl` }, { seed: 1 });
}, 120_000);

afterAll(async () => {
  await prism?.stop();
});

it('fails Prism in exactly the recorded checks', () => {
  const failed = checkIds(result, 'failed');
  expect(failed.sort()).toEqual(Object.keys(prismFailures).sort());
});

it('fails each of them for the recorded reason', () => {
  for (const [id, why] of Object.entries(prismFailures)) {
    expect(renderedViolations(result, id), id).toContain(why);
  }
});

it('reports apart what breaks only the kit’s assumptions, naming them', () => {
  expect(checkIds(result, 'differs').sort()).toEqual(Object.keys(prismDiffers).sort());
  for (const [id, why] of Object.entries(prismDiffers)) {
    expect(renderedViolations(result, id), id).toContain(why);
  }
});

it('passes Prism where it keeps the document', () => {
  const passed = checkIds(result, 'passed');
  expect(passed.sort()).toEqual(
    [
      'bulk.assigns-unique-ids',
      'bulk.paging',
      'bulk.write-only-hidden',
      'conformance.required-headers',
      // It validates parameters against the document: each of these is refused with a 400.
      'parameters.below-minimum-startIndex',
      'parameters.below-minimum-pageSize',
      'parameters.below-minimum-qLimit',
      'parameters.malformed-x-vol-tenant',
      'parameters.malformed-x-vol-site',
      'parameters.malformed-x-vol-dataview-mode',
      // Its example page holds only id and emailAddress, what the check asks fields to keep.
      'parameters.fields',
      // A required query parameter left out is a 400 with the document's example error.
      'parameters.getLoginStateByEmailAddress-without-emailAddress',
      'parameters.getLoginStateByUserName-without-userName',
      'parameters.refreshUserAuthTicket-without-refreshToken',
      // It validates requests against the document and answers valid ones with its examples: the
      // generated cases of operations that need no stored shopper are kept.
      'generated.addAccounts-accepts-valid',
      'generated.addAccounts-refuses-invalid',
      'generated.getAccounts-accepts-valid',
      'generated.getAccounts-refuses-invalid',
      'generated.addAccount-accepts-valid',
      'generated.addAccount-refuses-invalid',
      'generated.addAccountAndLogin-accepts-valid',
      'generated.addAccountAndLogin-refuses-invalid',
      'generated.createAnonymousShopperAuthTicket-accepts-valid',
      'generated.createAnonymousShopperAuthTicket-refuses-invalid',
    ].sort(),
  );
});

it('skips what needs credentials Prism cannot issue, or an outbox it does not keep', () => {
  const skipped = checkIds(result, 'skipped');
  expect(skipped).toEqual([
    // No expired token, no token lacking a behavior, nor another tenant's client, was given.
    ...withoutCredentials,
    // Given a token, not client credentials.
    'auth.token-answer',
    // It keeps no outbox of the reset codes it would e-mail.
    'shoppers.reset-password-with-code',
    // Generated cases start from a valid request: a reset code, client credentials, a tenant id.
    'generated.updateForgottenPassword-accepts-valid',
    'generated.updateForgottenPassword-refuses-invalid',
    'generated.oauthAuthenticateApp-accepts-valid',
    'generated.oauthAuthenticateApp-refuses-invalid',
    'generated.getTenant-accepts-valid',
    'generated.getTenant-refuses-invalid',
  ]);
});
