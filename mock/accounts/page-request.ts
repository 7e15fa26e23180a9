import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationPlan } from '../../openapi/operation-plan.ts';

/** The page of a collection a request asks for. */
export interface PageRequest {
  readonly startIndex: number;
  readonly pageSize: number;
}

/**
 * How a paged operation (getAccounts, getAccountContacts) reads `startIndex` and `pageSize`, the
 * default page size taken from its document.
 */
export function pageRequest(plan: OperationPlan): (query: Readonly<Record<string, unknown>>) => PageRequest {
  const defaultPageSize = pageSizeDefault(plan);
  return (query) => {
    // Kibo declares getAccounts' pageSize `default: 0` and documents 20: 0 asks for the default.
    // Below 0 (and a negative startIndex) reach here only when the document's minimums are turned
    // off: clamped.
    const asked = query.pageSize as number | undefined;
    const pageSize = asked !== undefined && asked > 0 ? asked : defaultPageSize;
    // Absent (its `default` turned off with the assumption that states it), a page starts at 0.
    const startIndex = Math.max(0, (query.startIndex as number | undefined) ?? 0);
    return { startIndex, pageSize };
  };
}

/** The `default` of the pageSize parameter: what an absent or 0 pageSize means. */
function pageSizeDefault(plan: OperationPlan): number {
  const schema = plan.parameters.query.find((p) => p.name === 'pageSize')?.schema as
    OpenAPIV3_1.SchemaObject | undefined;
  const value: unknown = schema?.default;
  if (typeof value !== 'number' || value < 1) {
    throw new Error(`${plan.operationId} must declare pageSize with a positive default`);
  }
  return value;
}
