import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan, BodyPlan } from '../openapi/operation-plan.ts';
import { operations } from '../client/operations.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** The Bulk body's plan and schemas: the array, one item (CustomerAccountAndAuthInfo) and its account. */
export interface BulkSchemas {
  readonly plan: BodyPlan;
  readonly body: SchemaObject;
  readonly item: SchemaObject;
  readonly account: SchemaObject;
}

export function bulkSchemas(plan: ApiPlan): BulkSchemas {
  const body = plan.operation(operations.addAccounts).body;
  const account = body?.isArray ? body.itemSchema.properties?.account : undefined;
  if (!body || !account) {
    throw new Error(
      'addAccounts must take a JSON array of items with an `account` object; the checks read both',
    );
  }
  return { plan: body, body: body.schema, item: body.itemSchema, account };
}
