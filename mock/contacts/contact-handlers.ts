import type { ApiPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { ErrorLimits } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { addAccountContactListHandler } from './add-account-contact-list.ts';
import { addAccountContactHandler } from './add-account-contact.ts';
import { contactLimit } from './contact-limit.ts';
import { deleteAccountContactHandler } from './delete-account-contact.ts';
import { getAccountContactHandler } from './get-account-contact.ts';
import { getAccountContactsHandler } from './get-account-contacts.ts';
import { updateAccountContactHandler } from './update-account-contact.ts';

/**
 * The handlers of an account's contacts, by operationId. The writes that add contacts share the
 * account's bound on them, a rule of the account schema rather than of their own operations.
 */
export function contactHandlers(
  plan: ApiPlan,
  errorLimits: ErrorLimits,
): Record<string, OperationHandler<KiboAccess>> {
  const withinLimit = contactLimit(plan);
  return {
    getAccountContacts: getAccountContactsHandler(plan.operation('getAccountContacts')),
    addAccountContact: addAccountContactHandler(plan.operation('addAccountContact'), withinLimit),
    addAccountContactList: addAccountContactListHandler(
      plan.operation('addAccountContactList'),
      withinLimit,
      errorLimits,
    ),
    getAccountContact: getAccountContactHandler(plan.operation('getAccountContact')),
    updateAccountContact: updateAccountContactHandler(plan.operation('updateAccountContact')),
    deleteAccountContact: deleteAccountContactHandler(plan.operation('deleteAccountContact')),
  };
}
