import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import { parseFilter } from '../accounts/filter-expression.ts';
import { pageRequest } from '../accounts/page-request.ts';
import { parsedParameter } from '../accounts/parse-result.ts';
import { itemFieldsOf } from '../accounts/scalar-fields.ts';
import { parseSortBy } from '../accounts/sort-expression.ts';

type Contact = components['schemas']['CustomerContact'];
type ContactCollection = components['schemas']['CustomerContactCollection'];

/**
 * The page of an account's contacts a request asks for: `filter` and `sortBy` in Get Accounts'
 * syntax on the contact's scalar fields, then `startIndex` and `pageSize` with the document's
 * default. The query is read first, so a malformed expression is a 400 whatever the account (the
 * document's order of checks puts parameters before a 404). Contacts are kept in id order, the
 * order without `sortBy`.
 */
export function contactsPage(
  plan: OperationPlan,
): (query: Readonly<Record<string, unknown>>) => (contacts: readonly Contact[]) => ContactCollection {
  const fields = itemFieldsOf(plan);
  const pageOf = pageRequest(plan);
  return (query) => {
    const { filter, sortBy } = query as { filter?: string; sortBy?: string };
    const { startIndex, pageSize } = pageOf(query);
    const predicate =
      filter === undefined ? undefined : parsedParameter('filter', parseFilter(filter, fields));
    const sort = sortBy === undefined ? undefined : parsedParameter('sortBy', parseSortBy(sortBy, fields));
    return (contacts) => {
      const matches = predicate ? contacts.filter((contact) => predicate(contact)) : contacts;
      const ordered = sort ? sort(matches) : matches;
      return {
        startIndex,
        pageSize,
        pageCount: Math.ceil(ordered.length / pageSize),
        totalCount: ordered.length,
        items: ordered.slice(startIndex, startIndex + pageSize),
      };
    };
  };
}
