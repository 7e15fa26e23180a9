import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { invalidParameter } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount } from './account-store.ts';
import type { ParseResult } from './parse-result.ts';
import { parseFilter, type Predicate } from './filter-expression.ts';
import { scalarFields } from './scalar-fields.ts';
import { responseGroupsOf } from './response-groups.ts';
import { parseSortBy } from './sort-expression.ts';
import { tenantOf } from './tenant-of.ts';

/**
 * GET /commerce/customer/accounts. Without filter, sort or search a page is computed straight
 * from positions (a deep page costs what the first costs); with them the tenant is scanned.
 */
export function getAccountsHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const fields = scalarFields(accountSchemaOf(plan));
  // Without `x-search-fields` (search-fields turned off: which fields Kibo searches is not known)
  // a quick search looks in every text field, so it finds at least what any fixed set would.
  const searchFields =
    plan.searchFields.length > 0
      ? plan.searchFields
      : [...fields].filter(([, kind]) => kind === 'string').map(([name]) => name);
  const limit = plan.scanLimit ?? Number.POSITIVE_INFINITY;
  const defaultPageSize = pageSizeDefault(plan);
  const grouped = responseGroupsOf(plan);

  return async (context) => {
    const tenant = tenantOf(context);
    const { filter, sortBy, q, qLimit, isAnonymous } = context.query as {
      filter?: string;
      sortBy?: string;
      q?: string;
      qLimit?: number;
      isAnonymous?: boolean;
    };
    // Kibo declares pageSize `default: 0` and documents 20: 0 asks for the default. Below 0 (and a
    // negative startIndex) reach here only when the document's minimums are turned off: clamped.
    const asked = context.query.pageSize as number;
    const pageSize = asked > 0 ? asked : defaultPageSize;
    // Absent (its `default` turned off with the assumption that states it), a page starts at 0.
    const startIndex = Math.max(0, (context.query.startIndex as number | undefined) ?? 0);
    const predicates: Predicate[] = [];
    if (filter !== undefined) predicates.push(parsed('filter', parseFilter(filter, fields)));
    if (q !== undefined && q.trim() !== '') predicates.push(matchesSearch(q, searchFields));
    if (isAnonymous !== undefined) predicates.push((a) => (a.isAnonymous ?? false) === isAnonymous);
    const sort = sortBy === undefined ? undefined : parsed('sortBy', parseSortBy(sortBy, fields));

    let items: CustomerAccount[];
    let totalCount: number;
    if (predicates.length === 0 && !sort) {
      totalCount = await tenant.count();
      items = await tenant.slice(startIndex, startIndex + pageSize);
    } else {
      const size = await tenant.count();
      if (size > limit) {
        const used = ['filter', 'sortBy', 'q', 'isAnonymous'].filter(
          (name) => context.query[name] !== undefined,
        );
        const message = `${used.join(', ')} would look at all ${size} accounts of the tenant; at most ${limit} are scanned (x-scan-limit). Page without them, or use a smaller tenant`;
        throw invalidParameter(used[0] ?? 'filter', message);
      }
      let matches: CustomerAccount[] = [];
      for await (const account of tenant.scan()) {
        if (predicates.every((p) => p(account as Record<string, unknown>))) matches.push(account);
      }
      if (sort) matches = sort(matches);
      if (q !== undefined && qLimit !== undefined) matches = matches.slice(0, qLimit);
      totalCount = matches.length;
      items = matches.slice(startIndex, startIndex + pageSize);
    }
    return {
      status: plan.success.status,
      body: {
        startIndex,
        pageSize,
        pageCount: Math.ceil(totalCount / pageSize),
        totalCount,
        items: items.map((account) => grouped(account, context.query)),
      },
    };
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

/** The parsed expression, or the 400 that names the parameter and what is wrong with it. */
function parsed<T>(parameter: string, result: ParseResult<T>): T {
  if (result.ok) return result.value;
  throw invalidParameter(parameter, result.message);
}

/** The account schema of the page's items: what filter and sortBy work on. */
function accountSchemaOf(plan: OperationPlan): OpenAPIV3_1.SchemaObject {
  const items = plan.success.schema?.properties?.items;
  const account = items && 'items' in items ? items.items : undefined;
  if (!account) throw new Error(`${plan.operationId} must answer a collection with items to filter and sort`);
  return account;
}

function matchesSearch(text: string, fields: readonly string[]): Predicate {
  const needle = text.trim().toLowerCase();
  return (account) =>
    fields.some((field) => {
      const value = account[field];
      return typeof value === 'string' && value.toLowerCase().includes(needle);
    });
}
