import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument } from '../openapi/load-document.ts';
import { createBulkBodies } from './bulk-bodies.ts';
import type { BenchPlan, WorkloadId } from './plans.ts';

export interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  readonly method: 'GET' | 'POST';
  /** Relative to the API base, as the document writes it, query included. */
  readonly path: string;
  /** Accounts per request, for Bulk. */
  readonly items?: number;
  /** A new body per call, for Bulk. */
  readonly nextBody?: () => string;
}

/** The read path of a page of accounts; the runner also uses it to find an account id. */
export function pagePath(loaded: LoadedDocument, startIndex: number, pageSize: number): string {
  return `${loaded.operation('getAccounts').path}?startIndex=${startIndex}&pageSize=${pageSize}`;
}

/**
 * Every workload of the issue, with paths and the Bulk item taken from the document (its first
 * request example), so the benchmark sends what the contract describes.
 */
export function defineWorkloads(
  loaded: LoadedDocument,
  plan: BenchPlan,
  accountId: number,
  tag: string,
): Record<WorkloadId, Workload> {
  const bulkPath = loaded.operation('addAccounts').path;
  const item = firstExampleItem(loaded);
  const bulk = (items: number): Workload => ({
    id: items === 10 ? 'bulk-10' : 'bulk-1000',
    title: `Bulk, ${items} accounts`,
    method: 'POST',
    path: bulkPath,
    items,
    nextBody: createBulkBodies(item, items, `${tag}x${items}`),
  });
  return {
    'bulk-10': bulk(10),
    'bulk-1000': bulk(1000),
    'page-20': {
      id: 'page-20',
      title: `getAccounts, ${plan.smallPageSize} from 0`,
      method: 'GET',
      path: pagePath(loaded, 0, plan.smallPageSize),
    },
    'page-first': {
      id: 'page-first',
      title: `getAccounts, ${plan.pageSize} from 0`,
      method: 'GET',
      path: pagePath(loaded, 0, plan.pageSize),
    },
    'page-deep': {
      id: 'page-deep',
      title: `getAccounts, ${plan.pageSize} from ${plan.deepStartIndex.toLocaleString('en-US')}`,
      method: 'GET',
      path: pagePath(loaded, plan.deepStartIndex, plan.pageSize),
    },
    'get-account': {
      id: 'get-account',
      title: 'getAccount',
      method: 'GET',
      path: loaded.operation('getAccount').path.replace('{accountId}', String(accountId)),
    },
  };
}

/** The first account of the document's first Bulk request example. */
export function firstExampleItem(loaded: LoadedDocument): unknown {
  const body = loaded.operation('addAccounts').operation.requestBody as OpenAPIV3_1.RequestBodyObject;
  // The document is dereferenced: examples are objects, no longer $refs.
  const examples = (body.content['application/json']?.examples ?? {}) as Record<
    string,
    OpenAPIV3_1.ExampleObject
  >;
  const value: unknown = Object.values(examples)[0]?.value;
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error('addAccounts has no request example to build Bulk bodies from');
  }
  return value[0];
}
