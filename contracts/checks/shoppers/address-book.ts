import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import type { Exchange } from '../../../client/http-client.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { createShoppers, type Shopper } from '../../shopper-fixture.ts';
import { seenAt } from '../../shopper-expectations.ts';
import { sampleContact } from '../../test-data.ts';

type Contact = Record<string, unknown>;

/**
 * An address book's own rules: a contact added as primary for a use takes it from the one that
 * had it (`x-one-primary-per-type`), and the contact list replaces the account's contacts,
 * numbered from 1 (`x-replaces`). What is added is listed, whoever's rule the rest is.
 */
export function addressBookCheck(plan: ApiPlan): Check {
  const add = plan.operation(operations.addAccountContact);
  const list = plan.operation(operations.addAccountContactList);
  const primary = plan.assumptionOf(add.entry.operation, 'x-one-primary-per-type');
  const replaces = plan.assumptionOf(list.entry.operation, 'x-replaces');
  return {
    group: 'shoppers',
    id: 'shoppers.address-book',
    title: 'A new primary contact takes the use from the old one; the contact list replaces the address book',
    rule: `addAccountContact primary for Billing (x-one-primary-per-type: ${add.onePrimaryPerType}) → the account's other Billing contact is no longer primary; addAccountContactList (x-replaces: ${list.replaces ?? 'none'}) → getAccountContacts lists exactly the list sent, ids from 1`,
    assumptions: idsOf(add.onePrimaryPerType ? primary : undefined, list.replaces ? replaces : undefined),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'contacts', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        return [
          ...(await newPrimary(context, shopper, add.onePrimaryPerType ? primary : undefined)),
          ...(await replacingList(context, shopper, list.replaces ? replaces : undefined)),
        ];
      }),
  };
}

/** A second Billing contact added as primary: listed, and the only primary one for Billing. */
async function newPrimary(
  context: RunContext,
  shopper: Shopper,
  rule: Parameters<typeof seenAt>[2],
): Promise<Violation[]> {
  const accountId = shopper.id;
  const body = { ...sampleContact(context.data, shopper.label), label: 'Office' };
  const added = await context.call(operations.addAccountContact, { params: { accountId }, body });
  if (!succeeded(context.plan, added))
    return expectSuccess(context.plan, added, 'a new primary Billing contact');
  const id = (added.json as Contact | undefined)?.id;
  const { reply, contacts, violations } = await listed(context, accountId);
  if (!reply) return violations;
  if (!contacts.some((contact) => contact.id === id))
    return [seenAt(reply, `contact ${String(id)}, just added, is not listed`)];
  if (rule === undefined) return [];
  const primaries = contacts.filter(isPrimaryFor('billing')).map((contact) => String(contact.id));
  return primaries.length === 1 && primaries[0] === String(id)
    ? []
    : [
        seenAt(
          reply,
          `contacts primary for Billing must be only ${String(id)}, the newest (got ${primaries.join(', ') || 'none'})`,
          rule,
        ),
      ];
}

/** The contact list of two: listed; with x-replaces, the only ones, numbered 1 and 2. */
async function replacingList(
  context: RunContext,
  shopper: Shopper,
  rule: Parameters<typeof seenAt>[2],
): Promise<Violation[]> {
  const accountId = shopper.id;
  const labels = ['Home', 'Cabin'];
  const body = labels.map((label) => ({ ...sampleContact(context.data, shopper.label), label, types: [] }));
  const sent = await context.call(operations.addAccountContactList, { params: { accountId }, body });
  if (!succeeded(context.plan, sent)) return expectSuccess(context.plan, sent, 'a list of two contacts');
  const { reply, contacts, violations } = await listed(context, accountId);
  if (!reply) return violations;
  const got = contacts.map((contact) => contact.label);
  const missing = labels.filter((label) => !got.includes(label));
  if (missing.length > 0) return [seenAt(reply, `contacts ${missing.join(', ')} of the list are not listed`)];
  if (rule === undefined) return [];
  const ids = contacts.map((contact) => String(contact.id)).sort();
  return got.length === labels.length && ids.join() === '1,2'
    ? []
    : [
        seenAt(
          reply,
          `the list must replace the account's contacts, numbered from 1: got ${contacts.map((c) => `${String(c.id)} ${typeof c.label === 'string' ? c.label : '(no label)'}`).join(', ')}`,
          rule,
        ),
      ];
}

async function listed(
  context: RunContext,
  accountId: number,
): Promise<{ reply: Exchange | undefined; contacts: Contact[]; violations: Violation[] }> {
  const reply = await context.call(operations.getAccountContacts, { params: { accountId } });
  if (!succeeded(context.plan, reply))
    return { reply: undefined, contacts: [], violations: expectSuccess(context.plan, reply, 'the account') };
  const items = (reply.json as { items?: unknown } | undefined)?.items;
  const contacts = (Array.isArray(items) ? items : []).filter(
    (item): item is Contact => typeof item === 'object' && item !== null,
  );
  return { reply, contacts, violations: [] };
}

/** True for a contact primary for that use (its name in any case). */
function isPrimaryFor(use: string): (contact: Contact) => boolean {
  return (contact) =>
    Array.isArray(contact.types) &&
    (contact.types as { name?: unknown; isPrimary?: unknown }[]).some(
      (type) => typeof type.name === 'string' && type.name.toLowerCase() === use && type.isPrimary === true,
    );
}
