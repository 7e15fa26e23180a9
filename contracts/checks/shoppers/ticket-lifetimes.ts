import type { Assumption } from '../../../openapi/assumption-marks.ts';
import type { ApiPlan, OperationPlan } from '../../../openapi/operation-plan.ts';

/**
 * How long a ticket's tokens live when nobody asked for a duration (`x-default-lifetime-minutes`
 * of its expirations), each with the assumption that marks it: the kit's reading of shopper
 * tokens, which also says a refresh token works once.
 */
export interface TicketLifetime {
  readonly field: string;
  readonly minutes: number;
  readonly assumption: Assumption | undefined;
}

export function ticketLifetimes(plan: ApiPlan, operation: OperationPlan): TicketLifetime[] {
  const properties = operation.success.schema?.properties ?? {};
  return [...operation.success.defaultLifetimes].map(([field, minutes]) => ({
    field,
    minutes,
    assumption: plan.assumptionOf(properties[field], 'x-default-lifetime-minutes'),
  }));
}

/** The kit's assumption about shopper tickets (their format, lifetimes, a refresh token used once). */
export function ticketAssumption(plan: ApiPlan, operation: OperationPlan): Assumption | undefined {
  return ticketLifetimes(plan, operation).find((lifetime) => lifetime.assumption)?.assumption;
}
