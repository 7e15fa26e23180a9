import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { notFound } from '../http/error-catalogue.ts';
import type { OperationContext } from '../http/operation-context.ts';

type Contact = components['schemas']['CustomerContact'];

/** The contact the path's `contactId` names and where it sits among the account's, or the 404 naming both ids. */
export function findContact(
  context: OperationContext<KiboAccess>,
  account: { readonly id: number; readonly contacts?: readonly Contact[] | null },
): { readonly index: number; readonly contact: Contact } {
  const contactId = context.path.contactId as number;
  const contacts = account.contacts ?? [];
  const index = contacts.findIndex((contact) => contact.id === contactId);
  const contact = contacts[index];
  if (contact) return { index, contact };
  throw notFound(`account ${account.id} has no contact ${contactId}`, {
    AccountId: String(account.id),
    ContactId: String(contactId),
  });
}
