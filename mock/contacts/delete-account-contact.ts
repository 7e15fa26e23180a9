import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { changeContacts } from './change-contacts.ts';
import { findContact } from './find-contact.ts';

/**
 * DELETE /commerce/customer/accounts/{accountId}/contacts/{contactId}: 200 without a body, as
 * Kibo answers. A primary contact goes like any other: its uses are left without a primary.
 */
export function deleteAccountContactHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    await changeContacts(context, (account) => {
      const { index } = findContact(context, account);
      return { contacts: (account.contacts ?? []).toSpliced(index, 1), result: undefined };
    });
    return { status: plan.success.status };
  };
}
