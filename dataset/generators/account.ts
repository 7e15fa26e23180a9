import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { attributesFor } from './attributes.ts';
import { commerceSummary, orderHistory } from './commerce-summary.ts';
import { companyName } from './companies.ts';
import { contactsFor } from './contacts.ts';
import { auditInfo, instantBetween, iso, yearMs } from './dates.ts';
import type { Identity } from './identities.ts';
import { pickCountry, pickLocality } from './localities.ts';
import type { CountryCode } from './localities.ts';
import { csrNotes } from './notes.ts';
import { segmentsFor } from './segments.ts';
import { importAppKey } from './staff.ts';

type CustomerAccount = components['schemas']['CustomerAccount'];

export interface AccountInput {
  readonly id: number;
  readonly now: number;
  readonly identity: Identity;
}

// The oldest accounts joined nine years before `now`; newer ones are more common (the shop grew).
const maxAgeMs = 9 * yearMs;

/** One customer account, drawn from `faker` in a fixed order: the same stream gives the same account. */
export function generateAccount(faker: Faker, { id, now, identity }: AccountInput): CustomerAccount {
  const home = pickLocality(faker, pickCountry(faker));
  const isBusiness = faker.datatype.boolean(0.08);
  const company = isBusiness ? companyName(faker) : null;
  const created = now - Math.floor(maxAgeMs * faker.number.float() ** 1.5);
  const updated = faker.datatype.boolean(0.2) ? created : instantBetween(faker, created, now);
  const userId = hex32(faker);
  const imported = faker.datatype.boolean(0.15);
  const acceptsMarketing = faker.datatype.boolean(0.45);
  const taxExempt = faker.datatype.boolean(isBusiness ? 0.3 : 0.005);
  const history = orderHistory(faker, created, now);
  const accountType = isBusiness ? 'B2B' : 'B2C';

  return {
    id,
    customerSet: 'default',
    commerceSummary: commerceSummary(faker, history),
    contacts: contactsFor(faker, {
      accountId: id,
      ...identity,
      company,
      home,
      hasOrdered: history.orderCount > 0,
      created,
      updated,
      userId,
    }),
    companyOrOrganization: company,
    notes: csrNotes(faker, created, updated),
    attributes: attributesFor(faker, home, created, updated, userId),
    segments: segmentsFor(faker, {
      accountType,
      acceptsMarketing,
      orderCount: history.orderCount,
      totalSpent: history.totalSpent,
      customerSince: created,
      lastOrder: history.lastOrder,
      now,
    }),
    taxExempt,
    taxId: taxExempt ? taxId(faker, home.countryCode) : null,
    externalId: imported ? `CRM-${faker.string.numeric({ length: 7, allowLeadingZeros: true })}` : null,
    auditInfo: auditInfo(created, updated, imported ? importAppKey : userId, userId),
    customerSinceDate: iso(created),
    accountType,
    migrationRequired: false,
    emailAddress: identity.emailAddress,
    userName: identity.emailAddress,
    firstName: identity.firstName,
    lastName: identity.lastName,
    localeCode: home.localeCode(faker),
    userId,
    isAnonymous: false,
    isLocked: faker.datatype.boolean(0.02),
    isActive: !faker.datatype.boolean(0.03),
    acceptsMarketing,
    hasExternalPassword: false,
    last2FaDate: faker.datatype.boolean(0.12) ? iso(instantBetween(faker, created, now)) : null,
  };
}

const byteHex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hexOf = (byte: number): string => byteHex[byte & 0xff] ?? '00';

/** Kibo user ids are 32 lowercase hex digits (bytes looked up: toString(16) cost ~2 µs an id). */
function hex32(faker: Faker): string {
  let hex = '';
  for (let k = 0; k < 4; k++) {
    const word = faker.number.int({ max: 0xffffffff });
    hex += hexOf(word >>> 24) + hexOf(word >>> 16) + hexOf(word >>> 8) + hexOf(word);
  }
  return hex;
}

/** A tax id in the country's business-number format (EIN, Canadian BN with program account, UK VAT). */
function taxId(faker: Faker, country: CountryCode): string {
  const digits = (length: number): string => faker.string.numeric({ length, allowLeadingZeros: true });
  switch (country) {
    case 'US':
      return `${faker.number.int({ min: 10, max: 99 })}-${digits(7)}`;
    case 'CA':
      return `${faker.number.int({ min: 100_000_000, max: 999_999_999 })}RT0001`;
    case 'GB':
      return `GB${faker.number.int({ min: 100_000_000, max: 999_999_999 })}`;
  }
}
