import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { auditInfo, instantBetween } from './dates.ts';
import type { Locality } from './localities.ts';

type Attribute = components['schemas']['CustomerAttribute'];

interface AttributeDefinition {
  readonly id: number;
  readonly fullyQualifiedName: string;
  readonly values: (faker: Faker, home: Locality) => (string | number | boolean)[];
}

const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-');

// Tenant-defined attributes (Kibo names them namespace~name; "tenant" is the merchant's namespace).
const definitions: readonly AttributeDefinition[] = [
  {
    id: 11,
    fullyQualifiedName: 'tenant~preferred-store',
    values: (faker, home) => [
      `${slug(home.cityOrTown)}-${String(faker.number.int({ min: 1, max: 4 })).padStart(2, '0')}`,
    ],
  },
  {
    id: 12,
    fullyQualifiedName: 'tenant~birth-month',
    values: (faker) => [faker.number.int({ min: 1, max: 12 })],
  },
  {
    id: 13,
    fullyQualifiedName: 'tenant~referral-source',
    values: (faker) => [
      faker.helpers.arrayElement(['Instagram', 'Google', 'Friend', 'Podcast', 'Catalog', 'In store']),
    ],
  },
  {
    id: 14,
    fullyQualifiedName: 'tenant~loyalty-number',
    values: (faker) => [`LY${faker.string.numeric({ length: 9, allowLeadingZeros: false })}`],
  },
  { id: 15, fullyQualifiedName: 'tenant~sms-opt-in', values: (faker) => [faker.datatype.boolean()] },
];

/** A quarter of the accounts carry one to three attribute values, set after the account existed. */
export function attributesFor(
  faker: Faker,
  home: Locality,
  created: number,
  updated: number,
  by: string,
): Attribute[] {
  if (!faker.datatype.boolean(0.25)) return [];
  const chosen = faker.helpers.arrayElements(definitions, { min: 1, max: 3 }).sort((a, b) => a.id - b.id);
  return chosen.map((definition) => {
    const set = instantBetween(faker, created, updated);
    return {
      fullyQualifiedName: definition.fullyQualifiedName,
      attributeDefinitionId: definition.id,
      values: definition.values(faker, home),
      auditInfo: auditInfo(set, set, by, by),
    };
  });
}
