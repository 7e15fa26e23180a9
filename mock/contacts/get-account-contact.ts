import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { findAccount } from '../accounts/get-account.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { findContact } from './find-contact.ts';

/** GET /commerce/customer/accounts/{accountId}/contacts/{contactId}. */
export function getAccountContactHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return async (context) => {
    const { contact } = findContact(context, await findAccount(context));
    return { status: plan.success.status, body: contact };
  };
}
