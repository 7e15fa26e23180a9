import {
  renderViolation,
  type CheckStatus,
  type RunResult,
  type Violation,
} from '../../../contracts/check.ts';

// What a stateless peer (Prism, Scalar) answers the same way: it keeps no account it "created",
// so every check that needs one of its own shoppers fails with this.
const noShopper =
  'could not create the shoppers it needs: POST /commerce/customer/accounts/Bulk → 200 answered no account with an id for';

// Generated cases of an operation on one shopper's account (or signed in as one) need that shopper first.
const generatedOnAShopper = [
  'getAccount-accepts-valid',
  'getAccount-refuses-invalid',
  'updateAccount-accepts-valid',
  'updateAccount-refuses-invalid',
  'deleteAccount-accepts-valid',
  'getCurrentAccount-accepts-valid',
  'getCurrentAccount-refuses-invalid',
  'getAccountContacts-accepts-valid',
  'getAccountContacts-refuses-invalid',
  'addAccountContactList-accepts-valid',
  'addAccountContactList-refuses-invalid',
  'addAccountContact-accepts-valid',
  'addAccountContact-refuses-invalid',
  'getAccountContact-accepts-valid',
  'getAccountContact-refuses-invalid',
  'updateAccountContact-accepts-valid',
  'updateAccountContact-refuses-invalid',
  'deleteAccountContact-accepts-valid',
  'changePassword-accepts-valid',
  'changePassword-refuses-invalid',
  'resetPassword-accepts-valid',
  'resetPassword-refuses-invalid',
  'getLoginState-accepts-valid',
  'getLoginState-refuses-invalid',
  'getLoginStateByEmailAddress-accepts-valid',
  'getLoginStateByEmailAddress-refuses-invalid',
  'getLoginStateByUserName-accepts-valid',
  'getLoginStateByUserName-refuses-invalid',
  'setLoginLocked-accepts-valid',
  'setLoginLocked-refuses-invalid',
  'setPasswordChangeRequired-accepts-valid',
  'setPasswordChangeRequired-refuses-invalid',
  'createUserAuthTicket-accepts-valid',
  'createUserAuthTicket-refuses-invalid',
  'refreshUserAuthTicket-accepts-valid',
  'refreshUserAuthTicket-refuses-invalid',
];

/** The recorded failure of each generated case that needs a shopper of its own, keyed by check id. */
export const generatedWithoutAShopper: Record<string, string> = Object.fromEntries(
  generatedOnAShopper.map((id) => [`generated.${id}`, noShopper]),
);

/** The shopper journeys, each of which signs in a shopper of its own first. */
export const journeysWithoutAShopper: Record<string, string> = Object.fromEntries(
  [
    'shoppers.my-account',
    'shoppers.own-account-only',
    'shoppers.sign-in-refusal-reveals-nothing',
    'shoppers.reset-password-reveals-nothing',
    'shoppers.update-duplicate-emailAddress',
    'shoppers.update-duplicate-userName',
    'shoppers.lockout',
    'shoppers.address-book',
    'shoppers.change-password-without-oldPassword',
    'shoppers.change-password-without-newPassword',
  ].map((id) => [id, noShopper]),
);

/**
 * The checks skipped, in run order, when the suite is given one token and no other credentials:
 * no expired token, no token lacking a behavior, no other tenant's client, no limited client.
 */
export const withoutCredentials = [
  'auth.expired-token',
  'auth.required-behaviors',
  'auth.without-customer-accounts-create',
  'auth.without-customer-accounts-delete',
  'auth.without-customer-accounts-read',
  'auth.without-customer-accounts-update',
  'auth.without-customer-auth-sign-in',
  'auth.other-tenant',
  'auth.limited-sets-authTicketTtlMinutes',
  'auth.limited-sets-refreshTokenTtlMinutes',
];

/** Ids of the run's checks with this verdict, in run order. */
export function checkIds(result: RunResult, status: CheckStatus): string[] {
  return result.checks.filter((check) => check.status === status).map((check) => check.id);
}

/** One check's violations, rendered as the report prints them, one a line; those `keep` lets through. */
export function renderedViolations(
  result: RunResult,
  id: string,
  keep: (violation: Violation) => boolean = () => true,
): string | undefined {
  return result.checks
    .find((check) => check.id === id)
    ?.violations.filter(keep)
    .map(renderViolation)
    .join('\n');
}
