import type { ApiPlan } from '../openapi/operation-plan.ts';
import { operations } from '../client/operations.ts';

/**
 * The body of an updateAccount that changes `changes` of an account as a client read it: the
 * account as read, less the fields the update keeps when its body leaves them out
 * (`x-kept-when-absent`: contacts, notes … have operations of their own), so the update touches
 * nothing else. Read-only fields stay in: the document says they are ignored, and a storefront
 * sends back what it read.
 */
export function updateBody(
  plan: ApiPlan,
  account: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const kept = new Set(plan.operation(operations.updateAccount).keptWhenAbsent);
  return {
    ...Object.fromEntries(Object.entries(account).filter(([field]) => !kept.has(field))),
    ...changes,
  };
}
