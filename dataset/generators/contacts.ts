import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { postalAddress } from './address.ts';
import { auditInfo, instantBetween } from './dates.ts';
import { pickLocality } from './localities.ts';
import type { Locality } from './localities.ts';
import { firstNames, lastNames } from './names.ts';

type Contact = components['schemas']['CustomerContact'];
type ContactType = components['schemas']['ContactType'];

/** Who the contacts belong to and when they could have been added. */
export interface ContactOwner {
  readonly accountId: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly emailAddress: string;
  readonly company: string | null;
  readonly home: Locality;
  readonly hasOrdered: boolean;
  readonly created: number;
  readonly updated: number;
  readonly userId: string;
}

type Use = { billing: boolean | null; shipping: boolean | null };

const types = (use: Use): ContactType[] => [
  ...(use.billing === null ? [] : [{ name: 'Billing', isPrimary: use.billing }]),
  ...(use.shipping === null ? [] : [{ name: 'Shipping', isPrimary: use.shipping }]),
];

const extraContacts = [
  { weight: 60, value: 0 },
  { weight: 30, value: 1 },
  { weight: 10, value: 2 },
];

const initial = (faker: Faker): string | null =>
  faker.datatype.boolean(0.15) ? `${faker.string.alpha({ length: 1, casing: 'upper' })}.` : null;

/**
 * The account's address book. Whoever ordered has at least one contact. The first is the primary
 * billing address; the others are shipping-only. Exactly one contact is the primary shipping
 * address: the first, or for some accounts the second (an office, a relative).
 */
export function contactsFor(faker: Faker, owner: ContactOwner): Contact[] {
  if (!owner.hasOrdered && faker.datatype.boolean(0.4)) return [];
  const isBusiness = owner.company !== null;
  const extra = faker.helpers.weightedArrayElement(extraContacts);
  const secondShipsByDefault = extra > 0 && faker.datatype.boolean(0.3);
  // Ids follow the order the contacts were added in.
  const added = Array.from({ length: extra + 1 }, () =>
    instantBetween(faker, owner.created, owner.updated),
  ).sort((a, b) => a - b);

  const self: Contact = {
    ...common(faker, owner, 1, added[0] ?? owner.created),
    types: types({ billing: true, shipping: secondShipsByDefault ? null : true }),
    label: isBusiness ? 'Office' : 'Home',
    email: owner.emailAddress,
    firstName: owner.firstName,
    middleNameOrInitial: initial(faker),
    lastNameOrSurname: owner.lastName,
    companyOrOrganization: owner.company,
    faxNumber: isBusiness && faker.datatype.boolean(0.15) ? owner.home.phoneNumber(faker, 'landline') : null,
    phoneNumbers: {
      home: !isBusiness && faker.datatype.boolean(0.3) ? owner.home.phoneNumber(faker, 'landline') : null,
      mobile: faker.datatype.boolean(0.9) ? owner.home.phoneNumber(faker, 'mobile') : null,
      work: isBusiness ? owner.home.phoneNumber(faker, 'landline') : null,
    },
    address: postalAddress(faker, owner.home, isBusiness ? 'Commercial' : 'Residential'),
  };
  const others = Array.from({ length: extra }, (_, k) =>
    recipient(faker, owner, k + 2, added[k + 1] ?? owner.created, k === 0 && secondShipsByDefault),
  );
  return [self, ...others];
}

/** A shipping-only contact: a relative, a friend, or the shopper at work or at a second home. */
function recipient(
  faker: Faker,
  owner: ContactOwner,
  id: number,
  added: number,
  isPrimary: boolean,
): Contact {
  const locality = faker.datatype.boolean(0.6) ? owner.home : pickLocality(faker, owner.home.countryCode);
  const kind = faker.helpers.arrayElement(['work', 'family', 'friend', 'cabin'] as const);
  const isSelf = kind === 'work' || kind === 'cabin';
  const firstName = isSelf ? owner.firstName : faker.helpers.arrayElement(firstNames).display;
  const lastName =
    isSelf || (kind === 'family' && faker.datatype.boolean(0.6))
      ? owner.lastName
      : faker.helpers.arrayElement(lastNames).display;
  return {
    ...common(faker, owner, id, added),
    types: types({ billing: null, shipping: isPrimary }),
    label: { work: 'Work', family: 'Family', friend: firstName, cabin: 'Lake house' }[kind],
    email: isSelf ? owner.emailAddress : null,
    firstName,
    middleNameOrInitial: null,
    lastNameOrSurname: lastName,
    companyOrOrganization: kind === 'work' ? owner.company : null,
    faxNumber: null,
    phoneNumbers: { home: null, mobile: locality.phoneNumber(faker, 'mobile'), work: null },
    address: postalAddress(faker, locality, kind === 'work' ? 'Commercial' : 'Residential'),
  };
}

function common(
  faker: Faker,
  owner: ContactOwner,
  id: number,
  added: number,
): Pick<Contact, 'accountId' | 'id' | 'auditInfo'> {
  const changed = instantBetween(faker, added, owner.updated);
  return { accountId: owner.accountId, id, auditInfo: auditInfo(added, changed, owner.userId, owner.userId) };
}
