import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument } from '../openapi/load-document.ts';
import { requestBodySchema } from '../openapi/rules.ts';
import { operations } from './operations.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** The Bulk body's schemas: the array, one item (CustomerAccountAndAuthInfo) and its account. */
export interface BulkSchemas {
  readonly body: SchemaObject;
  readonly item: SchemaObject;
  readonly account: SchemaObject;
}

export function bulkSchemas(loaded: LoadedDocument): BulkSchemas {
  const body = requestBodySchema(loaded.operation(operations.addAccounts));
  const item = body?.type === 'array' ? (body.items as SchemaObject | undefined) : undefined;
  const account = item?.properties?.account;
  if (!body || !item || !account) {
    throw new Error(
      'addAccounts must take a JSON array of items with an `account` object; the checks read both',
    );
  }
  return { body, item, account };
}
