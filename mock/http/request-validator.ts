import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument, OperationEntry } from '../../openapi/load-document.ts';
import { requestBodySchema, requestItemSchema, writeOnlyProperties } from '../../openapi/rules.ts';
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
      (entry) => [entry.operationId, compiledOnFirstUse(entry, parameters, bodies)] as const,
    ),
  );
}

/**
 * Each operation's schemas are compiled the first time a request needs them, once: compiling all
 * of them up front was a third of the mock's start-up, before it could answer anything.
 */
function compiledOnFirstUse(entry: OperationEntry, parameters: Ajv2020, bodies: Ajv2020): OperationValidator {
  let compiled: OperationValidator | undefined;
  const get = () => (compiled ??= compileOperation(entry, parameters, bodies));
  return {
    entry,
    hasBody: requestBodySchema(entry) !== undefined,
    query: (raw) => get().query(raw),
    path: (raw) => get().path(raw),
    headers: (raw) => get().headers(raw),
    body: (parsed) => get().body(parsed),
  };
}

function compileOperation(entry: OperationEntry, parameters: Ajv2020, bodies: Ajv2020): OperationValidator {
  const byLocation = (location: Location) => entry.parameters.filter((p) => p.in === location);
  const query = compileParameters(parameters, byLocation('query'), { closed: true });
  const path = compileParameters(parameters, byLocation('path'), { closed: true });
  // Header names are case-insensitive and clients send many we do not declare: only declared ones are checked.
  const headers = compileParameters(parameters, byLocation('header'), { closed: false });
  const bodySchema = requestBodySchema(entry);
  const body = bodySchema ? bodies.compile(requiredMeansPresent(bodySchema)) : undefined;
  const item = requestItemSchema(entry);
  const secret = new Set(item ? writeOnlyProperties(item) : []);
  const integers = {
    query: integerParameters(byLocation('query')),
    path: integerParameters(byLocation('path')),
  };
  return {
    entry,
    hasBody: body !== undefined,
    query: (raw) => notIntegers(raw, integers.query) ?? check(query, { ...raw }, 'query', secret),
    path: (raw) => notIntegers(raw, integers.path) ?? check(path, { ...raw }, 'path', secret),
    // Hono hands header names over in lower case, as the validator was compiled.
    headers: (raw) => check(headers, raw, 'header', secret),
    body: (parsed) => (body ? check(body, parsed, 'body', secret) : { ok: true, value: parsed }),
  };
}

/** Integer parameters, whose text must be plain digits: Ajv's coercion would take 0x10 or 1e3. */
function integerParameters(list: readonly OpenAPIV3_1.ParameterObject[]): string[] {
  return list.filter((p) => (p.schema as SchemaObject | undefined)?.type === 'integer').map((p) => p.name);
}

function notIntegers(raw: Record<string, string>, names: readonly string[]): Checked<never> | undefined {
  const violations = names
    .filter((name) => raw[name] !== undefined && !/^-?\d{1,10}$/.test(raw[name] ?? ''))
    .map((name) => ({ parameter: name, message: `${name} must be an integer (got ${describe(raw[name])})` }));
  return violations.length > 0 ? { ok: false, violations } : undefined;
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

function check<T>(
  validate: ValidateFunction,
  value: T,
  location: Location | 'body',
  secret: ReadonlySet<string>,
): Checked<T> {
  if (validate(value)) return { ok: true, value };
  return {
    ok: false,
    violations: dedupe((validate.errors ?? []).map((e) => toViolation(e, value, location, secret))),
  };
}

/** Turns an Ajv error into Kibo's vocabulary: `[2].account.emailAddress must … (got …)`. */
function toViolation(
  error: ErrorObject,
  root: unknown,
  location: Location | 'body',
  secret: ReadonlySet<string>,
): Violation {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const extra = missingOrExtraProperty(error);
  if (extra) segments.push(extra);
  const parameter = formatPath(segments, location);
  const index =
    location === 'body' && Array.isArray(root) && /^\d+$/.test(segments[0] ?? '')
      ? Number(segments[0])
      : undefined;
  // A password or secret that fails validation is still a secret: never repeat its value.
  const quiet =
    error.keyword === 'required' ||
    error.keyword === 'additionalProperties' ||
    segments.some((segment) => secret.has(segment));
  const got = quiet ? '' : ` (got ${describe(valueAt(root, error.instancePath))})`;
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

/** A short account of a value for a message: never the whole of a big or deeply nested one. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'string' && value.length > 60)
    return `${JSON.stringify(value.slice(0, 57)).slice(0, -1)}..."`;
  return JSON.stringify(value);
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
