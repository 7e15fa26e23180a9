import { englishDefinitions as en } from './english-faker.ts';
import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import type { Locality } from './localities.ts';

type Address = components['schemas']['CommerceRuntimeAddress'];
export type AddressType = 'Residential' | 'Commercial';

// Faker's English street names mix British closes and groves with American streets; North
// American addresses keep the American ones.
const allStreets = en.location?.street_name ?? ['Main Street'];
const americanStreets = allStreets.filter((street) =>
  /(Street|Avenue|Road|Drive|Lane|Way|Boulevard|Court|Place|Parkway|Terrace)$/.test(street),
);

function streetLine(faker: Faker, locality: Locality): string {
  const streets = locality.countryCode === 'GB' ? allStreets : americanStreets;
  const number =
    locality.countryCode === 'GB'
      ? faker.number.int({ min: 1, max: 220 })
      : faker.number.int({ min: 1, max: 9899 });
  return `${number} ${faker.helpers.arrayElement(streets)}`;
}

function secondLine(faker: Faker, locality: Locality, type: AddressType): string | null {
  if (type === 'Commercial')
    return faker.datatype.boolean(0.6) ? `Suite ${faker.number.int({ min: 100, max: 1200 })}` : null;
  if (!faker.datatype.boolean(0.25)) return null;
  return locality.countryCode === 'GB'
    ? `Flat ${faker.number.int({ min: 1, max: 40 })}`
    : `Apt ${faker.number.int({ min: 1, max: 30 })}${faker.helpers.arrayElement(['', 'A', 'B', 'C'])}`;
}

/** A postal address in the locality: its city, state or province, and a postal code valid there. */
export function postalAddress(faker: Faker, locality: Locality, type: AddressType): Address {
  return {
    address1: streetLine(faker, locality),
    address2: secondLine(faker, locality, type),
    address3: null,
    address4: null,
    cityOrTown: locality.cityOrTown,
    stateOrProvince: locality.stateOrProvince,
    postalOrZipCode: locality.postalCode(faker),
    countryCode: locality.countryCode,
    addressType: type,
    isValidated: faker.datatype.boolean(0.8),
  };
}
