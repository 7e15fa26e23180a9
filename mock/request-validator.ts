import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument, OperationEntry } from '../openapi/load-document.ts';
import { requestBodySchema } from '../openapi/rules.ts';
import type { Violation } from './errors.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;
type Location = 'query' | 'path' | 'header';

/** What validating one part of a request gives: the coerced value, or every violation. */
export type Checked<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export interface OperationValidator {
  readonly entry: OperationEntry;
  readonly hasBody: boolean;
  query(raw: Record<string, string>): Checked<Record<string, unknown>>;
  path(raw: Record<string, string>): Checked<Record<string, unknown>>;
  headers(raw: Record<string, string>): Checked<Record<string, unknown>>;
  body(parsed: unknown): Checked<unknown>;
}

// ajv-formats ships CommonJS; under Node's ESM loader its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Compiles every operation's parameter and body schemas once, at start-up. Parameters arrive as
 * strings, so their validator coerces ("20" → 20); bodies are JSON and are checked as sent, with
 * the document's `default`s filled in (isActive: true …).
 */
export function compileRequestValidators(loaded: LoadedDocument): Map<string, OperationValidator> {
  const parameters = addFormats(
    new Ajv2020({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true }),
  );
  const bodies = addFormats(new Ajv2020({ allErrors: true, strict: false, useDefaults: true }));
  return new Map(
    loaded.operations.map(
      (entry) => [entry.operationId, compileOperation(entry, parameters, bodies)] as const,
    ),
  );
}

function compileOperation(entry: OperationEntry, parameters: Ajv2020, bodies: Ajv2020): OperationValidator {
  const byLocation = (location: Location) => entry.parameters.filter((p) => p.in === location);
  const query = compileParameters(parameters, byLocation('query'), { closed: true });
  const path = compileParameters(parameters, byLocation('path'), { closed: true });
  // Header names are case-insensitive and clients send many we do not declare: only declared ones are checked.
  const headers = compileParameters(parameters, byLocation('header'), { closed: false });
  const bodySchema = requestBodySchema(entry);
  const body = bodySchema ? bodies.compile(requiredMeansPresent(bodySchema)) : undefined;
  return {
    entry,
    hasBody: body !== undefined,
    query: (raw) => check(query, { ...raw }, 'query'),
    path: (raw) => check(path, { ...raw }, 'path'),
    headers: (raw) => check(headers, lowerCaseKeys(raw), 'header'),
    body: (parsed) => (body ? check(body, parsed, 'body') : { ok: true, value: parsed }),
  };
}

function compileParameters(
  ajv: Ajv2020,
  list: readonly OpenAPIV3_1.ParameterObject[],
  { closed }: { closed: boolean },
): ValidateFunction {
  const properties = Object.fromEntries(
    list.map((p) => [p.in === 'header' ? p.name.toLowerCase() : p.name, (p.schema ?? {}) as SchemaObject]),
  );
  const required = list
    .filter((p) => p.required)
    .map((p) => (p.in === 'header' ? p.name.toLowerCase() : p.name));
  return ajv.compile({ type: 'object', properties, required, additionalProperties: !closed });
}

/**
 * In this document `required` means "present and not null" (a required emailAddress of null is as
 * missing as no emailAddress). JSON Schema's `required` only asks for presence, so each required
 * property also gets `not: {type: null}` in a copy of the schema used for validation.
 */
function requiredMeansPresent(schema: SchemaObject, seen = new Map<object, SchemaObject>()): SchemaObject {
  const done = seen.get(schema);
  if (done) return done;
  const copy: SchemaObject = { ...schema };
  seen.set(schema, copy);
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, child]) => {
        const inner = requiredMeansPresent(child, seen);
        return [
          name,
          schema.required?.includes(name) ? { allOf: [inner, { not: { type: 'null' } }] } : inner,
        ];
      }),
    );
  }
  if ('items' in schema && schema.items) {
    (copy as OpenAPIV3_1.ArraySchemaObject).items = requiredMeansPresent(schema.items, seen);
  }
  return copy;
}

function check<T>(validate: ValidateFunction, value: T, location: Location | 'body'): Checked<T> {
  if (validate(value)) return { ok: true, value };
  return {
    ok: false,
    violations: dedupe((validate.errors ?? []).map((e) => toViolation(e, value, location))),
  };
}

function lowerCaseKeys(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Turns an Ajv error into Kibo's vocabulary: `[2].account.emailAddress must … (got …)`. */
function toViolation(error: ErrorObject, root: unknown, location: Location | 'body'): Violation {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const extra = missingOrExtraProperty(error);
  if (extra) segments.push(extra);
  const parameter = formatPath(segments, location);
  const index =
    location === 'body' && Array.isArray(root) && /^\d+$/.test(segments[0] ?? '')
      ? Number(segments[0])
      : undefined;
  const got =
    error.keyword === 'required' || error.keyword === 'additionalProperties'
      ? ''
      : ` (got ${describe(valueAt(root, error.instancePath))})`;
  return { parameter, index, message: `${parameter} ${explain(error)}${got}` };
}

function missingOrExtraProperty(error: ErrorObject): string | undefined {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  return params.missingProperty ?? params.additionalProperty;
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known property';
    case 'not':
      return 'must not be null';
    case 'type':
      return `must be ${String(params.type).replace(',', ' or ')}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function formatPath(segments: readonly string[], location: Location | 'body'): string {
  if (segments.length === 0) return location === 'body' ? 'body' : location;
  const path = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return location === 'header' ? segments.join('.') : path;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1).map(unescapePointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Ajv reports `allOf` failures once per branch; one line per parameter and message is enough. */
function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.parameter}|${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
