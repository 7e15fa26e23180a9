import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { auditInfo, instantBetween } from './dates.ts';
import { staff } from './staff.ts';

type Note = components['schemas']['CustomerNote'];

const orderNumber = (faker: Faker): number => faker.number.int({ min: 10_000, max: 99_999 });
const dollars = (faker: Faker): string =>
  faker.number.float({ min: 5, max: 60, fractionDigits: 2 }).toFixed(2);

// What customer-service staff write in the admin: short, past tense, order numbers, initials.
const templates: readonly ((faker: Faker) => string)[] = [
  (f) =>
    `Called about order #${orderNumber(f)}: tracking shows delivered, customer says not received. Reshipped at no charge.`,
  (f) =>
    `Order #${orderNumber(f)} arrived damaged. Emailed a prepaid return label; refund to original payment once scanned.`,
  (f) =>
    `Promo code was not applied at checkout on #${orderNumber(f)}. Issued a $${dollars(f)} price adjustment.`,
  () => 'Asked to stop SMS promotions. Unsubscribed from SMS only; email preferences unchanged.',
  () => 'Corrected the shipping address: the apartment number was missing.',
  () => 'Prefers deliveries after 5 pm; leave packages at the side door.',
  () => 'Merged a duplicate guest account into this one at the customer\u2019s request.',
  () =>
    'Account locked after repeated failed sign-ins. Identity verified by phone, password reset link sent.',
  () => 'Asked about wholesale pricing. Forwarded to the B2B sales team.',
  (f) => `Wants to exchange the size on #${orderNumber(f)}. Exchange approved, no restocking fee.`,
  () => 'Gift order: do not include prices in the package.',
  (f) => `Charged twice for #${orderNumber(f)}. Duplicate authorization voided; confirmed with the bank.`,
];

/** Zero to a few notes by staff, written between the account's creation and its last update. */
export function csrNotes(faker: Faker, created: number, updated: number): Note[] {
  if (!faker.datatype.boolean(0.12)) return [];
  const count = faker.number.int({ min: 1, max: 3 });
  // Ids follow the order the notes were written in.
  const times = Array.from({ length: count }, () => instantBetween(faker, created, updated)).sort(
    (a, b) => a - b,
  );
  const topics = faker.helpers.arrayElements(templates, count);
  return times.map((written, k) => {
    const author = faker.helpers.arrayElement(staff);
    const text = topics[k]?.(faker) ?? '';
    return {
      id: k + 1,
      content: `${text} \u2014${author.initials}`,
      auditInfo: auditInfo(written, written, author.userName, author.userName),
    };
  });
}
