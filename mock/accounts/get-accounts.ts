import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument, OperationEntry } from '../../openapi/load-document.ts';
import { componentSchema, scanLimit } from '../../openapi/rules.ts';
import type { CustomerAccount } from './account-store.ts';
import { invalidParameter } from '../http/errors.ts';
import type { ParseResult } from './parse-result.ts';
import { parseFilter, type Predicate } from './filter-expression.ts';
import { scalarFields } from './scalar-fields.ts';
import { parseSortBy } from './sort-expression.ts';
import { tenantOf, type OperationHandler } from '../http/operation-context.ts';

/**
 * GET /commerce/customer/accounts. Without filter, sort or search a page is computed straight
 * from positions (a deep page costs what the first costs); with them the tenant is scanned.
 */
export function getAccountsHandler(loaded: LoadedDocument, entry: OperationEntry): OperationHandler {
  const fields = scalarFields(componentSchema(loaded, 'CustomerAccount'));
  const searchFields = searchFieldsOf(entry);
  const limit = scanLimit(entry) ?? Number.POSITIVE_INFINITY;

  return (context) => {
    const tenant = tenantOf(context);
    const { startIndex, pageSize, filter, sortBy, q, qLimit, isAnonymous } = context.query as {
      startIndex: number;
      pageSize: number;
      filter?: string;
      sortBy?: string;
      q?: string;
      qLimit?: number;
      isAnonymous?: boolean;
    };
    const predicates: Predicate[] = [];
    if (filter !== undefined) predicates.push(parsed('filter', parseFilter(filter, fields)));
    if (q !== undefined && q.trim() !== '') predicates.push(matchesSearch(q, searchFields));
    if (isAnonymous !== undefined) predicates.push((a) => (a.isAnonymous ?? false) === isAnonymous);
    const sort = sortBy === undefined ? undefined : parsed('sortBy', parseSortBy(sortBy, fields));

    let items: CustomerAccount[];
    let totalCount: number;
    if (predicates.length === 0 && !sort) {
      totalCount = tenant.count();
      items = tenant.slice(startIndex, startIndex + pageSize);
    } else {
      if (tenant.count() > limit) {
        const used = ['filter', 'sortBy', 'q', 'isAnonymous'].filter(
          (name) => context.query[name] !== undefined,
        );
        const message = `${used.join(', ')} would look at all ${tenant.count()} accounts of the tenant; at most ${limit} are scanned (x-scan-limit). Page without them, or use a smaller tenant`;
        throw invalidParameter(used[0] ?? 'filter', message);
      }
      let matches: CustomerAccount[] = [];
      for (const account of tenant.scan()) {
        if (predicates.every((p) => p(account as Record<string, unknown>))) matches.push(account);
      }
      if (sort) matches = sort(matches);
      if (q !== undefined && qLimit !== undefined) matches = matches.slice(0, qLimit);
      totalCount = matches.length;
      items = matches.slice(startIndex, startIndex + pageSize);
    }
    return {
      status: 200,
      body: { startIndex, pageSize, pageCount: Math.ceil(totalCount / pageSize), totalCount, items },
    };
  };
}

/** The parsed expression, or the 400 that names the parameter and what is wrong with it. */
function parsed<T>(parameter: string, result: ParseResult<T>): T {
  if (result.ok) return result.value;
  throw invalidParameter(parameter, result.message);
}

/** The fields quick search looks in (`x-search-fields` on the `q` parameter). */
function searchFieldsOf(entry: OperationEntry): readonly string[] {
  const q: (OpenAPIV3_1.ParameterObject & { 'x-search-fields'?: string[] }) | undefined =
    entry.parameters.find((p) => p.in === 'query' && p.name === 'q');
  return q?.['x-search-fields'] ?? [];
}

function matchesSearch(text: string, fields: readonly string[]): Predicate {
  const needle = text.trim().toLowerCase();
  return (account) =>
    fields.some((field) => {
      const value = account[field];
      return typeof value === 'string' && value.toLowerCase().includes(needle);
    });
}
