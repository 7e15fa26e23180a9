import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { changeContacts } from './change-contacts.ts';
import { contactPreparer } from './contact-preparer.ts';
import { findContact } from './find-contact.ts';
import { primaryContacts } from './primary-contacts.ts';

type Contact = components['schemas']['CustomerContact'];

/**
 * PUT /commerce/customer/accounts/{accountId}/contacts/{contactId}: the body replaces the contact's
 * writable fields; its id, account and creation stay, its auditInfo says who changed it and when;
 * it takes the uses it is primary for from the others (`x-one-primary-per-type`).
 */
export function updateAccountContactHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const prepare = contactPreparer(plan);
  const keepPrimaries = primaryContacts(plan);
  return async (context) => {
    const sent = prepare(context.body as Contact);
    const updated = await changeContacts(context, (account, stamp) => {
      const { index, contact } = findContact(context, account);
      const replaced = {
        id: contact.id,
        accountId: account.id,
        ...sent,
        auditInfo: stamp.updated(contact.auditInfo),
      };
      const contacts = keepPrimaries((account.contacts ?? []).with(index, replaced), [index], stamp.touch);
      return { contacts, result: contacts[index] };
    });
    return { status: plan.success.status, body: updated };
  };
}
