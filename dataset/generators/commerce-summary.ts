import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { iso, recentInstantBetween } from './dates.ts';

type CommerceSummary = components['schemas']['CommerceSummary'];

/** The order history behind the summary, kept as numbers for the rules that read it. */
export interface OrderHistory {
  readonly orderCount: number;
  readonly totalSpent: number;
  readonly lastOrder: number | null;
}

const maxOrders = 120;
const minOrderCents = 15_00;
const maxOrderCents = 400_00;

/**
 * A plausible history for a customer since `customerSince`: a third never ordered; the others
 * order roughly every four months on average, each order between $15 and $400 around a basket
 * size of their own, the last one at or after they joined.
 */
export function orderHistory(faker: Faker, customerSince: number, now: number): OrderHistory {
  if (faker.datatype.boolean(0.33)) return { orderCount: 0, totalSpent: 0, lastOrder: null };
  const years = (now - customerSince) / (365.25 * 86_400_000);
  const expected = 1 + 3 * years;
  const orderCount = Math.min(maxOrders, 1 + Math.floor(-Math.log(1 - faker.number.float()) * expected));
  // Log-uniform basket between $25 and $180: many small spenders, a few big ones.
  const basket = Math.exp(faker.number.float({ min: Math.log(2500), max: Math.log(18_000) }));
  let cents = 0;
  for (let k = 0; k < orderCount; k++) {
    const order = Math.round(basket * faker.number.float({ min: 0.5, max: 1.8 }));
    cents += Math.min(maxOrderCents, Math.max(minOrderCents, order));
  }
  return { orderCount, totalSpent: cents / 100, lastOrder: recentInstantBetween(faker, customerSince, now) };
}

export function commerceSummary(faker: Faker, history: OrderHistory): CommerceSummary {
  const { orderCount } = history;
  return {
    totalOrderAmount: { currencyCode: 'USD', amount: history.totalSpent },
    orderCount,
    lastOrderDate: history.lastOrder === null ? null : iso(history.lastOrder),
    wishlistCount: faker.datatype.boolean(0.3) ? faker.number.int({ min: 1, max: 3 }) : 0,
    // Every order took a visit; most visits end without one.
    visitsCount: orderCount + faker.number.int({ min: 0, max: 6 * orderCount + 25 }),
  };
}
