import type { OpenAPIV3_1 } from 'openapi-types';
import { operations } from '../contracts/operations.ts';
import type { LoadedDocument } from '../openapi/load-document.ts';
import { requestBodySchema } from '../openapi/rules.ts';
import { UsageError } from '../contracts/settings.ts';

export interface BulkLimits {
  readonly minItems: number;
  readonly maxItems: number;
  /** The schema of one item of the Bulk body. */
  readonly itemSchema: OpenAPIV3_1.SchemaObject;
}

/** How many accounts one Bulk call may carry, as the document's request body schema says. */
export function bulkLimits(loaded: LoadedDocument): BulkLimits {
  const schema = requestBodySchema(loaded.operation(operations.addAccounts));
  if (schema?.type !== 'array' || typeof schema.maxItems !== 'number' || !schema.items) {
    throw new Error('the document declares no maxItems for the addAccounts request body');
  }
  return {
    minItems: schema.minItems ?? 1,
    maxItems: schema.maxItems,
    itemSchema: schema.items,
  };
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
