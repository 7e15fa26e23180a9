import { readFileSync } from 'node:fs';
import { createMockServer } from '@scalar/mock-server';
import { beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../../contracts/check.ts';
import { runChecks } from '../../contracts/run-checks.ts';
import {
  checkIds,
  generatedWithoutAShopper,
  journeysWithoutAShopper,
  renderedViolations,
  withoutCredentials,
} from './support/peer-verdicts.ts';
import { documentPath } from '../../openapi/load-document.ts';

// Scalar's mock server serves the same document with Hono and faker, statelessly, validating
// requests (422 with its own problem body). What it gets wrong is recorded here check by check,
// with the text that shows why; a change either way fails this test. Where the only rule a check
// could fault is the kit's own (which 4xx, Kibo's error body), the check differs, never fails.
// A refusal the check cannot confirm: the read-back filter is ignored, so every read returns the
// same page of generated accounts, none of them the run's.
const filterIgnored = 'returned 2 account(s) that do not match it (ids 1001, 1002)';
const scalarFailures: Record<string, string> = {
  ...generatedWithoutAShopper,
  // Stateless: the account it "created" is not in the list the link's filter asks for,
  'sequences.addAccount-links': 'link FindAccount: the page does not list the resource just created',
  // and it routes /accounts/current as /accounts/{accountId}, refusing "current" as an id.
  'sequences.addAccountAndLogin-links': 'expected 200 (link GetCurrentAccount, before the delete), got 422',
  // Stateless: Bulk answers a generated page of two, whatever was sent.
  'bulk.creates-batch': '/items must hold the 3 account(s) sent (got 2)',
  'bulk.echoes-fields': '/items/0/emailAddress must be',
  'bulk.read-back-by-id': 'account 1251: /id must be 1251 as sent (got 1001)',
  'bulk.read-back-by-filter': 'must find ids 1251, 1252 (got 1001, 1002)',
  // responseFields, which Kibo documents, is neither applied nor parsed.
  'response-fields.bulk': '/startIndex came back but was not requested',
  'response-fields.nested': '/userId came back but was not requested',
  'response-fields.collection': '/startIndex came back but was not requested',
  'response-fields.unparsable': filterIgnored,
  // It refuses a missing or non-Bearer header (its own body: differs), but the filter is ignored.
  'auth.missing-authorization': filterIgnored,
  'auth.non-bearer-scheme': filterIgnored,
  // Any bearer token passes: it is never decoded.
  'auth.garbage-token': 'expected 401 (a bearer token that is not a JWT), got 200',
  'auth.tampered-signature': 'expected 401 (the valid token with its signature altered), got 200',
  'auth.alg-none': 'expected 401 (the valid token re-encoded with alg none), got 200',
  // Refused with its 422 (which 4xx is the kit's account: that part differs), but not verifiable.
  'bad-input.malformed-json': filterIgnored,
  'bad-input.non-array-body': filterIgnored,
  'bad-input.wrong-field-types': filterIgnored,
  'bad-input.missing-required': filterIgnored,
  'bad-input.missing-body': filterIgnored,
  'bad-input.empty-batch': filterIgnored,
  'bad-input.wrong-format-emailAddress': filterIgnored,
  'bad-input.wrong-pattern-localeCode': filterIgnored,
  'bad-input.wrong-pattern-countryCode': filterIgnored,
  'bad-input.oversize-batch': filterIgnored,
  'bad-input.above-maximum-authTicketTtlMinutes': filterIgnored,
  'bad-input.above-maximum-refreshTokenTtlMinutes': filterIgnored,
  'bad-input.unknown-field': filterIgnored,
  // Accepted (the body limit and media types are assumptions: differ), then not verifiable.
  'bad-input.oversize-body': filterIgnored,
  'bad-input.wrong-content-type': filterIgnored,
  // No state: duplicates cannot be seen (an assumption), nor the read-back trusted.
  'bad-input.duplicate-emailAddress-in-batch': filterIgnored,
  'bad-input.duplicate-emailAddress-existing': filterIgnored,
  'bad-input.duplicate-userName-in-batch': filterIgnored,
  'bad-input.duplicate-userName-existing': filterIgnored,
  // Bulk answers generated accounts, so a journey has no shopper of its own to sign in.
  ...journeysWithoutAShopper,
  'shoppers.sign-up-and-refresh': filterIgnored,
  // The ids its Bulk "created" belong to generated accounts, which the cleanup must not touch.
  'cleanup.delete-created': "does not carry the run's tag",
};

// What breaks only the kit's assumptions: reported apart, failed only with --strict.
const scalarDiffers: Record<string, string> = {
  // It refuses a request with one rule broken, with its own 422 and problem body: the kit's choice of 4xx.
  'generated.addAccounts-refuses-invalid': 'got 422',
  'generated.getAccounts-refuses-invalid': 'got 422',
  'generated.addAccount-refuses-invalid': 'got 422',
  'generated.addAccountAndLogin-refuses-invalid': 'got 422',
  'generated.createAnonymousShopperAuthTicket-refuses-invalid': 'got 422',
  'generated.oauthAuthenticateApp-refuses-invalid': 'got 422',
  'bulk.defaults': 'must default to false, as its item left it out (got nothing) [assumption defaults]',
  // It validates parameters against the document, answering 422 where the kit says 400.
  'parameters.below-minimum-startIndex': 'expected 400 (startIndex -1), got 422',
  'parameters.below-minimum-pageSize': 'expected 400 (pageSize -1), got 422',
  'parameters.below-minimum-qLimit': 'expected 400 (qLimit 0), got 422',
  'parameters.malformed-x-vol-tenant': 'expected 400 (x-vol-tenant: not-valid), got 422',
  'parameters.malformed-x-vol-site': 'expected 400 (x-vol-site: not-valid), got 422',
  'parameters.malformed-x-vol-dataview-mode': 'expected 400 (x-vol-dataview-mode: not-valid), got 422',
  'parameters.getLoginStateByEmailAddress-without-emailAddress': 'expected 400 (no emailAddress), got 422',
  'parameters.getLoginStateByUserName-without-userName': 'expected 400 (no userName), got 422',
  'parameters.refreshUserAuthTicket-without-refreshToken': 'expected 400 (no refreshToken), got 422',
  // Generated accounts carry every field, whatever the parameters say.
  'parameters.responseGroups': 'though group CustomerAccountNotes was not named (responseGroups=Contacts)',
  'parameters.userId': 'expected 404 (userId of another login), got 200',
  'auth.token-request-without-client_id': 'expected 400 (a token request without client_id), got 422',
  'auth.token-request-without-client_secret': 'expected 400 (a token request without client_secret), got 422',
  // It routes /accounts/current as /accounts/{accountId} and refuses "current" as an id.
  'shoppers.anonymous-ticket': "expected 401 (an anonymous shopper's claims), got 422",
  'conformance.status-declared':
    'GET /commerce/customer/accounts → 422: status 422 is not declared; getAccounts declares 200, 400, 401, 403, 429, 500',
  // Its 401 body is {error, message}, not Kibo's error body.
  'conformance.body-schema':
    'POST /commerce/customer/accounts/Bulk → 401: /errorCode is required [seen in auth.missing-authorization, auth.non-bearer-scheme] [assumption error-body]',
};

let result: RunResult;

beforeAll(async () => {
  const app = await createMockServer({ document: readFileSync(documentPath, 'utf8'), logger: false });
  // It serves the document's paths without the servers' /api (as Prism does): mounted under /api
  // here, as a deployment would be, so its token endpoint and tenant lookup answer too.
  const underApi = (request: Request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(/^\/api(?=\/)/, '');
    return app.fetch(new Request(url, request));
  };
  // Seeded, so the generated cases, and so the verdicts, are the same every run.
  result = await runChecks(
    {
      baseUrl: 'http://scalar.test/api',
      authUrl: 'http://scalar.test',
      // Its token endpoint issues a JWT-shaped token to any client: these are made up.
      clientId: 'contract-suite',
      clientSecret: 'not-a-secret',
      fetch: underApi,
    },
    { seed: 1 },
  );
}, 120_000);

it('fails Scalar in exactly the recorded checks', () => {
  const failed = checkIds(result, 'failed');
  expect(failed.sort()).toEqual(Object.keys(scalarFailures).sort());
});

it('fails each of them for the recorded reason, a rule of Kibo’s contract it does not keep', () => {
  for (const [id, why] of Object.entries(scalarFailures)) {
    const published = renderedViolations(result, id, (v) => v.assumption === undefined);
    expect(published, id).toContain(why);
  }
});

it('reports apart what breaks only the kit’s assumptions, naming them', () => {
  expect(checkIds(result, 'differs').sort()).toEqual(Object.keys(scalarDiffers).sort());
  for (const [id, why] of Object.entries(scalarDiffers)) {
    expect(renderedViolations(result, id), id).toContain(why);
    const check = result.checks.find((c) => c.id === id);
    expect(
      check?.violations.every((v) => v.assumption !== undefined),
      id,
    ).toBe(true);
  }
});

it('passes Scalar where it keeps the document', () => {
  const passed = checkIds(result, 'passed');
  expect(passed.sort()).toEqual(
    [
      'bulk.assigns-unique-ids',
      'bulk.paging',
      'bulk.write-only-hidden',
      'parameters.fields',
      // Its token endpoint answers the document's schema.
      'auth.token-answer',
      'conformance.content-type',
      'conformance.required-headers',
      // It answers a valid request with the declared success, where no stored shopper is needed.
      'generated.addAccounts-accepts-valid',
      'generated.getAccounts-accepts-valid',
      'generated.addAccount-accepts-valid',
      'generated.addAccountAndLogin-accepts-valid',
      'generated.createAnonymousShopperAuthTicket-accepts-valid',
      'generated.oauthAuthenticateApp-accepts-valid',
    ].sort(),
  );
});

it('skips what needs credentials Scalar cannot issue, or an outbox it does not keep', () => {
  const skipped = checkIds(result, 'skipped');
  expect(skipped).toEqual([
    ...withoutCredentials,
    'shoppers.reset-password-with-code',
    // Generated cases start from a valid request: a reset code, a tenant id.
    'generated.updateForgottenPassword-accepts-valid',
    'generated.updateForgottenPassword-refuses-invalid',
    'generated.getTenant-accepts-valid',
    'generated.getTenant-refuses-invalid',
  ]);
});
