import { operations } from '../../../client/operations.ts';
import type { Violation } from '../../check.ts';
import { expectSuccess, succeeded } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { seenAt } from '../../shopper-expectations.ts';

type Json = Record<string, unknown>;

/**
 * A contact added, read, changed and deleted through the address book's operations, each answer
 * and the account's list agreeing with what was done. Stops at the first step that fails: the
 * next ones need its contact.
 */
export async function addressBookSteps(
  context: RunContext,
  accountId: number,
  contact: Readonly<Json>,
): Promise<Violation[]> {
  const { plan } = context;
  // A second use, so the account's primary contact stays the one it was created with.
  const sent = { ...contact, label: 'Office', types: [{ name: 'Shipping', isPrimary: false }] };
  const added = await context.call(operations.addAccountContact, { params: { accountId }, body: sent });
  if (!succeeded(plan, added)) return expectSuccess(plan, added, 'a new contact');
  const contactId = (added.json as Json | undefined)?.id;
  if (typeof contactId !== 'number')
    return [seenAt(added, `/id must be the new contact's id (got ${String(contactId)})`)];
  const params = { accountId, contactId };
  const found: Violation[] = [];

  const read = await context.call(operations.getAccountContact, { params });
  if (!succeeded(plan, read)) return expectSuccess(plan, read, 'the contact just added');
  found.push(...labelled(read, 'Office', 'the contact just added'));

  const changed = await context.call(operations.updateAccountContact, {
    params,
    body: { ...sent, label: 'Studio' },
  });
  if (!succeeded(plan, changed)) return [...found, ...expectSuccess(plan, changed, 'a new label')];
  found.push(...labelled(changed, 'Studio', 'the update'));

  const deleted = await context.call(operations.deleteAccountContact, { params });
  if (!succeeded(plan, deleted))
    return [...found, ...expectSuccess(plan, deleted, 'the contact just changed')];
  const listed = await context.call(operations.getAccountContacts, { params: { accountId } });
  if (!succeeded(plan, listed)) return [...found, ...expectSuccess(plan, listed, 'the account just changed')];
  const items = (listed.json as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items) && items.some((item) => (item as Json | null)?.id === contactId))
    found.push(
      seenAt(
        listed,
        `contact ${contactId} is still listed after deleteAccountContact answered ${deleted.status}`,
      ),
    );
  return found;
}

function labelled(reply: Parameters<typeof seenAt>[0], label: string, what: string): Violation[] {
  const got = (reply.json as Json | undefined)?.label;
  return got === label
    ? []
    : [seenAt(reply, `/label must be "${label}" after ${what} (got ${JSON.stringify(got)})`)];
}
