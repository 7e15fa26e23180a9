import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { auditInfo, dayMs, yearMs } from './dates.ts';
import { merchandiser } from './staff.ts';

type Segment = components['schemas']['CustomerCustomerSegment'];

/** What a segment rule looks at. */
export interface SegmentFacts {
  readonly accountType: 'B2C' | 'B2B';
  readonly acceptsMarketing: boolean;
  readonly orderCount: number;
  readonly totalSpent: number;
  readonly customerSince: number;
  readonly lastOrder: number | null;
  readonly now: number;
}

interface SegmentDefinition {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly description: string;
  /** How long before `now` the merchant created it, so its audit dates never pass the clock. */
  readonly ageDays: number;
  readonly applies: (facts: SegmentFacts, faker: Faker) => boolean;
}

// The tenant's fixed segment list: ids and codes never change, membership follows the account.
const definitions: readonly SegmentDefinition[] = [
  {
    id: 1,
    code: 'VIP',
    name: 'VIP customers',
    description: 'Lifetime spend of $2,500 or more.',
    ageDays: 2400,
    applies: (facts) => facts.totalSpent >= 2500,
  },
  {
    id: 2,
    code: 'WHOLESALE',
    name: 'Wholesale accounts',
    description: 'Business buyers with net-30 terms and tiered pricing.',
    ageDays: 2300,
    applies: (facts) => facts.accountType === 'B2B',
  },
  {
    id: 3,
    code: 'NEWSLETTER',
    name: 'Newsletter subscribers',
    description: 'Opted in to the weekly email.',
    ageDays: 2100,
    applies: (facts, faker) => facts.acceptsMarketing && faker.datatype.boolean(0.7),
  },
  {
    id: 4,
    code: 'NEW',
    name: 'New customers',
    description: 'Joined in the last 90 days.',
    ageDays: 1500,
    applies: (facts) => facts.now - facts.customerSince <= 90 * dayMs,
  },
  {
    id: 5,
    code: 'LAPSED',
    name: 'Lapsed buyers',
    description: 'Ordered before, but not in the last 12 months. Target for win-back campaigns.',
    ageDays: 1200,
    applies: (facts) => facts.lastOrder !== null && facts.now - facts.lastOrder > yearMs,
  },
  {
    id: 6,
    code: 'REWARDS',
    name: 'Rewards members',
    description: 'Enrolled in the points program.',
    ageDays: 900,
    applies: (facts, faker) => facts.orderCount > 0 && faker.datatype.boolean(0.3),
  },
  {
    id: 7,
    code: 'EMPLOYEE',
    name: 'Employees',
    description: 'Staff discount applies.',
    ageDays: 2500,
    applies: (_facts, faker) => faker.datatype.boolean(0.01),
  },
];

/** The segments an account is in, as fresh objects (callers may change what they are given). */
export function segmentsFor(faker: Faker, facts: SegmentFacts): Segment[] {
  return definitions
    .filter((definition) => definition.applies(facts, faker))
    .map(({ id, code, name, description, ageDays }) => {
      const created = facts.now - ageDays * dayMs;
      return {
        id,
        code,
        name,
        description,
        auditInfo: auditInfo(created, created, merchandiser, merchandiser),
      };
    });
}
