import type { Faker } from '@faker-js/faker';
import { lastNames } from './names.ts';

// Small businesses that buy wholesale; Faker's company names ("Bins, Roob-Schinner and Ward") read as fake.
const trades = [
  'Supply',
  'Hardware',
  'Design',
  'Outfitters',
  'Dental',
  'Builders',
  'Landscaping',
  'Catering',
  'Studio',
  'Logistics',
  'Electric',
  'Plumbing',
  'Bakery',
  'Marine',
  'Consulting',
  'Coffee Roasters',
  'Veterinary Clinic',
  'Print Shop',
];
const suffixes = ['LLC', 'Inc.', 'Co.', 'Group', ''];

export function companyName(faker: Faker): string {
  const family = (): string => faker.helpers.arrayElement(lastNames).display;
  if (faker.datatype.boolean(0.2)) return `${family()} & ${family()}`;
  return `${family()} ${faker.helpers.arrayElement(trades)} ${faker.helpers.arrayElement(suffixes)}`.trim();
}
