import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument, OperationEntry } from '../../openapi/load-document.ts';
import { componentSchema, scanLimit } from '../../openapi/rules.ts';
import type { CustomerAccount } from '../account-store.ts';
import { kiboError } from '../errors.ts';
import { parseFilter, type FieldKind, type Predicate } from '../filter-expression.ts';
import { parseSortBy } from '../sort-expression.ts';
import { tenantOf, type OperationHandler } from './operation-context.ts';

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
    const compare = sortBy === undefined ? undefined : parsed('sortBy', parseSortBy(sortBy, fields));

    let items: CustomerAccount[];
    let totalCount: number;
    if (predicates.length === 0 && !compare) {
      totalCount = tenant.count();
      const end = Math.min(totalCount, startIndex + pageSize);
      items = [];
      for (let position = startIndex; position < end; position++) items.push(tenant.at(position));
    } else {
      if (tenant.count() > limit) {
        const used = ['filter', 'sortBy', 'q', 'isAnonymous'].filter(
          (name) => context.query[name] !== undefined,
        );
        const message = `${used.join(', ')} would look at all ${tenant.count()} accounts of the tenant; at most ${limit} are scanned (x-scan-limit). Page without them, or use a smaller tenant`;
        throw kiboError(400, 'MISSING_OR_INVALID_PARAMETER', `Missing or invalid parameter: ${message}`, {
          violations: [{ parameter: used[0] ?? 'filter', message }],
        });
      }
      let matches: CustomerAccount[] = [];
      for (const account of tenant.scan()) {
        if (predicates.every((p) => p(account as Record<string, unknown>))) matches.push(account);
      }
      if (compare) matches.sort((a, b) => compare(a, b));
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

function parsed<T>(parameter: string, result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (result.ok) return result.value;
  throw kiboError(400, 'MISSING_OR_INVALID_PARAMETER', `Missing or invalid parameter: ${result.message}`, {
    violations: [{ parameter, message: result.message }],
  });
}

/** The account's scalar properties and their kinds, as the document types them. */
function scalarFields(schema: OpenAPIV3_1.SchemaObject): Map<string, FieldKind> {
  const fields = new Map<string, FieldKind>();
  for (const [name, property] of Object.entries(schema.properties ?? {}) as [
    string,
    OpenAPIV3_1.SchemaObject,
  ][]) {
    const types = [property.type].flat().filter((t) => t !== 'null');
    const [type] = types;
    if (types.length !== 1 || type === undefined) continue;
    if (type === 'string') fields.set(name, property.format === 'date-time' ? 'date-time' : 'string');
    else if (type === 'integer' || type === 'number') fields.set(name, 'number');
    else if (type === 'boolean') fields.set(name, 'boolean');
  }
  return fields;
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
