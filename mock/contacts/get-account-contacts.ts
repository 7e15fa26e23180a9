import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { findAccount } from '../accounts/get-account.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { contactsPage } from './contacts-page.ts';

/** GET /commerce/customer/accounts/{accountId}/contacts: a page of the account's contacts. */
export function getAccountContactsHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const pageFor = contactsPage(plan);
  return async (context) => {
    const page = pageFor(context.query);
    const account = await findAccount(context);
    return { status: plan.success.status, body: page(account.contacts ?? []) };
  };
}
