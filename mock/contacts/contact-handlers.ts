import type { ApiPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { getAccountContactHandler } from './get-account-contact.ts';
import { getAccountContactsHandler } from './get-account-contacts.ts';

/** The handlers of an account's contacts, by operationId. */
export function contactHandlers(plan: ApiPlan): Record<string, OperationHandler<KiboAccess>> {
  return {
    getAccountContacts: getAccountContactsHandler(plan.operation('getAccountContacts')),
    getAccountContact: getAccountContactHandler(plan.operation('getAccountContact')),
  };
}
