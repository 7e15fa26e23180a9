import type { components } from '../../openapi/types.gen.ts';

type Contact = components['schemas']['CustomerContact'];

/**
 * The id a contact added to an account's contacts gets: one more than the highest there (ids are
 * per account, from 1), so the id of a deleted last contact is given again.
 */
export function nextContactId(contacts: readonly Contact[]): number {
  return contacts.reduce((highest, contact) => Math.max(highest, contact.id ?? 0), 0) + 1;
}
