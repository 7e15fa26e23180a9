import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { invalidParameter } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount } from './account-store.ts';
import { parsedParameter } from './parse-result.ts';
import { parseFilter, type Predicate } from './filter-expression.ts';
import { pageRequest } from './page-request.ts';
import { itemFieldsOf } from './scalar-fields.ts';
import { responseGroupsOf } from './response-groups.ts';
import { parseSortBy } from './sort-expression.ts';
import { tenantOf } from './tenant-of.ts';

/**
 * GET /commerce/customer/accounts. Without filter, sort or search a page is computed straight
 * from positions (a deep page costs what the first costs); with them the tenant is scanned.
 */
export function getAccountsHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const fields = itemFieldsOf(plan);
  // Without `x-search-fields` (search-fields turned off: which fields Kibo searches is not known)
  // a quick search looks in every text field, so it finds at least what any fixed set would.
  const searchFields =
    plan.searchFields.length > 0
      ? plan.searchFields
      : [...fields].filter(([, kind]) => kind === 'string').map(([name]) => name);
  const limit = plan.scanLimit ?? Number.POSITIVE_INFINITY;
  const pageOf = pageRequest(plan);
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
    const { startIndex, pageSize } = pageOf(context.query);
    const predicates: Predicate[] = [];
    if (filter !== undefined) predicates.push(parsedParameter('filter', parseFilter(filter, fields)));
    if (q !== undefined && q.trim() !== '') predicates.push(matchesSearch(q, searchFields));
    if (isAnonymous !== undefined) predicates.push((a) => (a.isAnonymous ?? false) === isAnonymous);
    const sort = sortBy === undefined ? undefined : parsedParameter('sortBy', parseSortBy(sortBy, fields));

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

function matchesSearch(text: string, fields: readonly string[]): Predicate {
  const needle = text.trim().toLowerCase();
  return (account) =>
    fields.some((field) => {
      const value = account[field];
      return typeof value === 'string' && value.toLowerCase().includes(needle);
    });
}
