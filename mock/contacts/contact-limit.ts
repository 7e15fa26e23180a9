import { schemaAt } from '../../openapi/field-paths.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { invalidParameter } from '../http/error-catalogue.ts';

/**
 * The check that an account holds no more contacts than `CustomerAccount.contacts` allows
 * (`maxItems`): a contact past it is refused with a 400, as Bulk refuses an account sent with too
 * many. Without a bound (the `lengths` assumption turned off) every count passes.
 */
export function contactLimit(plan: ApiPlan): (accountId: number, count: number) => void {
  const limit = schemaAt(plan.schema('CustomerAccount'), ['contacts'])?.maxItems;
  if (limit === undefined) return () => undefined;
  return (accountId, count) => {
    if (count <= limit) return;
    throw invalidParameter(
      'body',
      `account ${accountId} would hold ${count} contacts; an account holds at most ${limit} (CustomerAccount.contacts)`,
    );
  };
}
