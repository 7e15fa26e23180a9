import type { components } from '../openapi/types.gen.ts';

type CustomerAccount = components['schemas']['CustomerAccount'];
type Contact = components['schemas']['CustomerContact'];

/** One item of the Bulk body. */
export type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];
/** An item without its password: what `--out` writes. */
export type AccountInput = Omit<AccountAndAuthInfo, 'password'>;

/**
 * What a real import sends for a generated account: the shopper's own data and the history the old
 * system knew (customerSinceDate, externalId, notes), never what the server keeps (ids, userId,
 * auditInfo, commerceSummary, lock and two-factor state). Segments and attributes stay out: they
 * point at tenant configuration (segment ids, attribute definitions) a target need not have, and
 * Kibo assigns segments through their own API. Nulls and empty lists stay out too: absent means
 * the same, and a million accounts get a good deal smaller.
 */
export function accountInput(account: CustomerAccount): AccountInput {
  return {
    account: compact({
      emailAddress: account.emailAddress,
      userName: account.userName,
      firstName: account.firstName,
      lastName: account.lastName,
      localeCode: account.localeCode,
      companyOrOrganization: account.companyOrOrganization,
      accountType: account.accountType,
      taxExempt: account.taxExempt,
      taxId: account.taxId,
      externalId: account.externalId,
      customerSinceDate: account.customerSinceDate,
      acceptsMarketing: account.acceptsMarketing,
      isActive: account.isActive,
      contacts: account.contacts?.map(contactInput),
      notes: account.notes?.map((note) => compact({ content: note.content })),
    }),
    // A bulk load, not shoppers signing up: Kibo treats imported accounts as migrated.
    isImport: true,
  };
}

function contactInput(contact: Contact): Contact {
  return compact({
    types: contact.types?.map((type) => compact({ ...type })),
    label: contact.label,
    email: contact.email,
    firstName: contact.firstName,
    middleNameOrInitial: contact.middleNameOrInitial,
    lastNameOrSurname: contact.lastNameOrSurname,
    companyOrOrganization: contact.companyOrOrganization,
    faxNumber: contact.faxNumber,
    phoneNumbers: contact.phoneNumbers && compact({ ...contact.phoneNumbers }),
    address: contact.address && compact({ ...contact.address }),
  });
}

/** The object without null, undefined, empty-list and empty-object values. */
function compact<T extends object>(value: T): T {
  const kept = Object.entries(value).filter(
    ([, v]) =>
      v !== null &&
      v !== undefined &&
      !(Array.isArray(v) && v.length === 0) &&
      !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0),
  );
  return Object.fromEntries(kept) as T;
}
