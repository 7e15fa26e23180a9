import type { ApiPlan } from '../../openapi/operation-plan.ts';
import type { Check } from '../check.ts';
import { addressBookCheck } from './shoppers/address-book.ts';
import { anonymousTicketCheck } from './shoppers/anonymous-ticket.ts';
import { changePasswordRuleChecks } from './shoppers/change-password-rules.ts';
import { lockoutCheck } from './shoppers/lockout.ts';
import { myAccountCheck } from './shoppers/my-account.ts';
import { ownAccountOnlyCheck } from './shoppers/own-account-only.ts';
import { resetPasswordCheck } from './shoppers/reset-password.ts';
import { resetWithCodeCheck } from './shoppers/reset-with-code.ts';
import { signInRefusalCheck } from './shoppers/sign-in-refusal.ts';
import { updateDuplicateChecks } from './shoppers/update-duplicate.ts';
import { signUpAndRefreshCheck } from './shoppers/sign-up-and-refresh.ts';

/**
 * Journeys of the storefront's shoppers, each on accounts of its own that it deletes when done:
 * sign-in, the current account, the address book, passwords, tickets, and what a shopper must
 * never learn or touch.
 */
export function shopperChecks(plan: ApiPlan): Check[] {
  return [
    myAccountCheck(plan),
    signUpAndRefreshCheck(plan),
    anonymousTicketCheck(plan),
    ownAccountOnlyCheck(plan),
    signInRefusalCheck(plan),
    resetPasswordCheck(plan),
    resetWithCodeCheck(plan),
    ...updateDuplicateChecks(plan),
    lockoutCheck(plan),
    addressBookCheck(plan),
    ...changePasswordRuleChecks(plan),
  ];
}
