import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { fieldRemover, withFieldSet } from '../../openapi/field-paths.ts';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { arbitraryOf } from '../../openapi/schema-arbitrary.ts';
import type { CallOptions } from '../../client/http-client.ts';
import type { TestData } from '../test-data.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;
type QueryValues = Readonly<Record<string, string | number | boolean>>;

/** What fast-check draws for one case: a body valid for the request schema, and query parameters. */
export interface GeneratedParts {
  readonly body: unknown;
  readonly query: QueryValues;
}

// Small values keep a case cheap on a staging tenant; boundaries (maxLength exactly, minimum,
// maximum) are drawn anyway by the schema's arbitrary.
const sizes = { maxItems: 2, maxStringLength: 24 } as const;

/**
 * Request parts drawn from the operation's schemas: a body (optional fields present or not, enums,
 * lengths and values at their bounds) and the optional query parameters whose schema says what a
 * valid value is. A free-form string parameter is left out: its grammar (a filter, a sort, a
 * responseFields expression) is not in its schema, nor is a parameter that must match a stored
 * field (`x-matches-field`) or that the valid request already sets.
 */
export function generatedParts(plan: ApiPlan, operation: OperationPlan): fc.Arbitrary<GeneratedParts> {
  const matched = new Set(operation.fieldMatches.map((m) => m.parameter));
  const references = referenceNames(plan);
  const parameters = operation.parameters.query.filter(
    (p) =>
      p.required !== true &&
      !matched.has(p.name) &&
      !references.has(p.name) &&
      p.schema &&
      !freeForm(p.schema as SchemaObject),
  );
  const query = fc.record(
    Object.fromEntries(parameters.map((p) => [p.name, arbitraryOf(p.schema as SchemaObject, sizes)])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<QueryValues>;
  const body = operation.body
    ? arbitraryOf(operation.body.schema, sizes).map((drawn) =>
        withoutServerFields(operation, withoutKeys(drawn, references)),
      )
    : fc.constant(undefined);
  return fc.record({ body, query });
}

/**
 * The names of the document's path parameters (accountId, contactId…): a field or query parameter
 * of that name refers to a stored resource, and a drawn number refers to none (or to someone
 * else's), so a generated case leaves it to the valid request.
 */
function referenceNames(plan: ApiPlan): ReadonlySet<string> {
  return new Set(plan.operations.flatMap((operation) => operation.parameters.path.map((p) => p.name)));
}

/**
 * Leaves out what a client does not draw: a secret (`x-write-only`: a password, a refresh token)
 * drawn is a wrong one, and the valid request brings the right ones; a `readOnly` field is the
 * server's to set, and OpenAPI says a request should not carry it (Schemathesis leaves it out too).
 */
function withoutServerFields(operation: OperationPlan, drawn: unknown): unknown {
  const rules = operation.body?.rules;
  const remove = fieldRemover([...(rules?.writeOnly ?? []), ...(rules?.readOnly ?? [])]);
  return Array.isArray(drawn) && operation.body?.isArray ? drawn.map(remove) : remove(drawn);
}

function withoutKeys(value: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutKeys(item, names));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !names.has(key))
      .map(([key, child]) => [key, withoutKeys(child, names)]),
  );
}

function freeForm(schema: SchemaObject): boolean {
  return schema.type === 'string' && !schema.enum && !schema.format && !schema.pattern;
}

/**
 * The generated parts over a request the target accepts (its path parameters, credentials and
 * the run's tags): what the valid request sets wins, so the case stays about the schema, and each
 * item gets tagged keys of its own (`x-unique-keys`): a drawn userName could be one the tenant
 * already has, and a 409 for it would be a duplicate, not a broken rule.
 */
export function mergedRequest(
  operation: OperationPlan,
  base: CallOptions,
  parts: GeneratedParts,
  data: TestData,
  label: string,
): CallOptions {
  const query = { ...stringified(parts.query), ...base.query };
  if (!operation.body || base.body === undefined) return { ...base, query };
  let body: unknown;
  const baseItems: unknown = base.body;
  if (Array.isArray(baseItems) && Array.isArray(parts.body)) {
    const items = parts.body.length > 0 ? parts.body : [undefined];
    body = items.map((item, i) =>
      uniqueKeyed(operation, over(item, baseItems[i % baseItems.length]), data, `${label}-${i}`),
    );
  } else {
    body = uniqueKeyed(operation, over(parts.body, base.body), data, label);
  }
  return { ...base, query, body };
}

/** `base` over `drawn`: objects merged field by field, anything else from `base` when it has one. */
function over(drawn: unknown, base: unknown): unknown {
  if (base === undefined) return drawn;
  if (!isObject(drawn) || !isObject(base)) return base;
  const merged: Record<string, unknown> = { ...drawn };
  for (const [key, value] of Object.entries(base)) merged[key] = over(drawn[key], value);
  return merged;
}

function uniqueKeyed(operation: OperationPlan, item: unknown, data: TestData, label: string): unknown {
  let keyed = item;
  for (const { path, keys } of operation.body?.rules.uniqueKeys ?? []) {
    for (const key of keys) keyed = withFieldSet(keyed, [...path, key], data.email(label));
  }
  return keyed;
}

function stringified(query: QueryValues): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [name, typeof value === 'boolean' ? String(value) : value]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when a body is one the operation takes at all: valid for its schema and within its
 * `x-max-body-bytes` (a drawn body may be valid and still too large, which is another rule).
 */
export function takesBody(
  operation: OperationPlan,
  body: unknown,
  validate: (schema: SchemaObject, value: unknown) => readonly unknown[],
): boolean {
  if (!operation.body || body === undefined) return true;
  const { maxBytes, schema } = operation.body;
  if (maxBytes !== undefined && new TextEncoder().encode(JSON.stringify(body)).length > maxBytes)
    return false;
  return validate(schema, body).length === 0;
}
