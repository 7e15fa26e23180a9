import type { Faker } from '@faker-js/faker';
import { caPlaces } from './ca-places.ts';
import { gbPlaces } from './gb-places.ts';
import { usPlaces } from './us-places.ts';

export type CountryCode = 'US' | 'CA' | 'GB';
export type PhoneKind = 'landline' | 'mobile';

/** A place a customer can live, with the rules for writing a postal code and a phone number there. */
export interface Locality {
  readonly countryCode: CountryCode;
  readonly cityOrTown: string;
  readonly stateOrProvince: string;
  postalCode(faker: Faker): string;
  phoneNumber(faker: Faker, kind: PhoneKind): string;
  localeCode(faker: Faker): string;
}

const digit = (faker: Faker): string => String(faker.number.int(9));
const pad2 = (value: number): string => String(value).padStart(2, '0');

// 555-0100 to 555-0199 is the range NANPA reserves for fiction, valid in every area code.
const nanpNumber = (faker: Faker, areaCode: string): string =>
  `(${areaCode}) 555-01${pad2(faker.number.int(99))}`;

// Letters Canada Post uses in postal codes (never D, F, I, O, Q, U) and Royal Mail in the inward
// half of a postcode (never C, I, K, M, O, V).
const caLetters = 'ABCEGHJKLMNPRSTVWXYZ'.split('');
const gbLetters = 'ABDEFGHJLNPQRSTUWXYZ'.split('');

const us: readonly Locality[] = usPlaces.map((place) => ({
  countryCode: 'US',
  cityOrTown: place.city,
  stateOrProvince: place.state,
  postalCode: () => place.zip,
  phoneNumber: (faker) => nanpNumber(faker, place.areaCode),
  localeCode: (faker) => (faker.datatype.boolean(0.05) ? 'es-US' : 'en-US'),
}));

const ca: readonly Locality[] = caPlaces.map((place) => ({
  countryCode: 'CA',
  cityOrTown: place.city,
  stateOrProvince: place.province,
  postalCode: (faker) =>
    `${place.fsa} ${digit(faker)}${faker.helpers.arrayElement(caLetters)}${digit(faker)}`,
  phoneNumber: (faker) => nanpNumber(faker, place.areaCode),
  localeCode: (faker) => (place.province === 'QC' && faker.datatype.boolean(0.75) ? 'fr-CA' : 'en-CA'),
}));

const gb: readonly Locality[] = gbPlaces.map((place) => ({
  countryCode: 'GB',
  cityOrTown: place.town,
  stateOrProvince: place.county,
  postalCode: (faker) =>
    `${place.outward} ${digit(faker)}${faker.helpers.arrayElement(gbLetters)}${faker.helpers.arrayElement(gbLetters)}`,
  // Ofcom's drama range for mobiles is 07700 900000–900999.
  phoneNumber: (faker, kind) =>
    `${kind === 'mobile' ? '07700 900' : place.landline}${String(faker.number.int(999)).padStart(3, '0')}`,
  localeCode: () => 'en-GB',
}));

export const localities: Readonly<Record<CountryCode, readonly Locality[]>> = { US: us, CA: ca, GB: gb };

// Most customers of a US storefront live in the US; a few order from Canada or the UK.
const countryWeights: { weight: number; value: CountryCode }[] = [
  { weight: 92, value: 'US' },
  { weight: 5, value: 'CA' },
  { weight: 3, value: 'GB' },
];

export function pickCountry(faker: Faker): CountryCode {
  return faker.helpers.weightedArrayElement(countryWeights);
}

export function pickLocality(faker: Faker, country: CountryCode): Locality {
  return faker.helpers.arrayElement(localities[country]);
}
