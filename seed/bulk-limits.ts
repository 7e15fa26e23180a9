import type { OpenAPIV3_1 } from 'openapi-types';
import { operations } from '../client/operations.ts';
import type { ApiPlan } from '../openapi/operation-plan.ts';
import { UsageError } from '../client/target-flags.ts';

export interface BulkLimits {
  readonly minItems: number;
  readonly maxItems: number;
  /** The schema of one item of the Bulk body. */
  readonly itemSchema: OpenAPIV3_1.SchemaObject;
}

/** How many accounts one Bulk call may carry, as the document's request body schema says. */
export function bulkLimits(plan: ApiPlan): BulkLimits {
  const body = plan.operation(operations.addAccounts).body;
  if (!body?.isArray || body.maxItems === undefined) {
    throw new Error('the document declares no maxItems for the addAccounts request body');
  }
  return { minItems: body.minItems ?? 1, maxItems: body.maxItems, itemSchema: body.itemSchema };
}

/** Refuses a batch size the document does not allow: the target would answer every batch 400. */
export function checkBatchSize(limits: BulkLimits, batchSize: number): void {
  if (!(Number.isInteger(batchSize) && batchSize >= limits.minItems && batchSize <= limits.maxItems)) {
    throw new UsageError(
      `--batch-size must be between ${limits.minItems} and ${limits.maxItems}, the limits the document ` +
        `sets for the Bulk body (got ${batchSize})`,
    );
  }
}
