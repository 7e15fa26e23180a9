import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { changeContacts } from './change-contacts.ts';
import { contactPreparer } from './contact-preparer.ts';
import { nextContactId } from './next-contact-id.ts';
import { primaryContacts } from './primary-contacts.ts';

type Contact = components['schemas']['CustomerContact'];

/**
 * POST /commerce/customer/accounts/{accountId}/contacts: the contact added after the account's
 * others, with the next id, its account and auditInfo set by the server; it takes the uses it is
 * primary for from the others (`x-one-primary-per-type`).
 */
export function addAccountContactHandler(
  plan: OperationPlan,
  withinLimit: (accountId: number, count: number) => void,
): OperationHandler<KiboAccess> {
  const prepare = contactPreparer(plan);
  const keepPrimaries = primaryContacts(plan);
  return async (context) => {
    const sent = prepare(context.body as Contact);
    const added = await changeContacts(context, (account, stamp) => {
      const existing = account.contacts ?? [];
      withinLimit(account.id, existing.length + 1);
      const contact = {
        id: nextContactId(existing),
        accountId: account.id,
        ...sent,
        auditInfo: stamp.created,
      };
      const contacts = keepPrimaries([...existing, contact], [existing.length], stamp.touch);
      return { contacts, result: contacts.at(-1) };
    });
    return { status: plan.success.status, body: added };
  };
}
