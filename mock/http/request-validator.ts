import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import { formatLocation, isWithin, type FieldPath } from '../../openapi/field-paths.ts';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { createValidator, schemaIssues, valueAtPointer } from '../../openapi/schema-validator.ts';
import type { Violation } from './error-catalogue.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;
type Location = 'query' | 'path' | 'header' | 'body';

/** What validating one part of a request gives: the coerced value, or every violation. */
export type Checked<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export interface OperationValidator {
  query(raw: Record<string, string>): Checked<Record<string, unknown>>;
  path(raw: Record<string, string>): Checked<Record<string, unknown>>;
  headers(raw: Record<string, string>): Checked<Record<string, unknown>>;
  body(parsed: unknown): Checked<unknown>;
}

/**
 * The validators of every operation of a plan. Parameters arrive as strings, so their validator
 * coerces ("20" → 20); bodies are JSON and are checked as sent, with the document's `default`s
 * filled in (isActive: true …). Each operation's schemas are compiled the first time a request
 * needs them, once: compiling all of them up front was a third of the mock's start-up.
 */
export function createRequestValidators(plan: ApiPlan): (operationId: string) => OperationValidator {
  const parameters = createValidator({ coerceTypes: true, useDefaults: true });
  const bodies = createValidator({ useDefaults: true });
  // Made only when a relaxed document drops unknown properties instead of refusing them.
  let lenient: ReturnType<typeof createValidator> | undefined;
  const compilers: Compilers = {
    compileParameters: (schema) => parameters.compile(schema),
    compileBody: (schema, unknownFields) =>
      unknownFields === 'drop'
        ? (lenient ??= createValidator({ useDefaults: true, dropUnknown: true })).compile(schema)
        : bodies.compile(schema),
  };
  return (operationId) => {
    const operation = plan.operation(operationId);
    let compiled: OperationValidator | undefined;
    const get = () => (compiled ??= compileOperation(operation, compilers));
    return {
      query: (raw) => get().query(raw),
      path: (raw) => get().path(raw),
      headers: (raw) => get().headers(raw),
      body: (parsed) => get().body(parsed),
    };
  };
}

interface Compilers {
  compileParameters(schema: SchemaObject): ValidateFunction;
  compileBody(schema: SchemaObject, unknownFields: 'refuse' | 'drop'): ValidateFunction;
}

function compileOperation(plan: OperationPlan, compilers: Compilers): OperationValidator {
  const { query, path, header } = plan.parameters;
  const compileList = (list: readonly OpenAPIV3_1.ParameterObject[], closed: boolean) =>
    compilers.compileParameters(parameterSchema(list, closed));
  const validateQuery = compileList(query, true);
  const validatePath = compileList(path, true);
  // Header names are case-insensitive and clients send many we do not declare: only declared ones are checked.
  const validateHeaders = compileList(header, false);
  const body = plan.body;
  const validateBody = body ? compilers.compileBody(body.schema, body.unknownFields) : undefined;
  // The cheap checks of a body's size (lengths and item counts) run first, so the expensive ones
  // (formats, patterns, per-item schemas) only ever see bounded values.
  const validateBounds = body ? compilers.compileBody(boundsOnly(body.schema), 'refuse') : undefined;
  // A write-only value that fails validation is still a secret: its violations never repeat it.
  const secrets: readonly FieldPath[] = body
    ? body.isArray
      ? body.rules.writeOnly.map((p) => ['[]', ...p])
      : body.rules.writeOnly
    : [];
  const integers = { query: integerNames(query), path: integerNames(path) };
  return {
    query: (raw) => notIntegers(raw, integers.query) ?? check(validateQuery, { ...raw }, 'query', []),
    path: (raw) => notIntegers(raw, integers.path) ?? check(validatePath, { ...raw }, 'path', []),
    // Hono hands header names over in lower case, as the validator was compiled.
    headers: (raw) => check(validateHeaders, raw, 'header', []),
    body(parsed) {
      if (!body || !validateBody || !validateBounds) return { ok: true, value: parsed };
      // A batch over its item limit is refused before any of its items is looked at.
      if (
        body.isArray &&
        Array.isArray(parsed) &&
        body.maxItems !== undefined &&
        parsed.length > body.maxItems
      ) {
        return {
          ok: false,
          violations: [
            {
              parameter: 'body',
              message: `body must NOT have more than ${body.maxItems} items (got ${parsed.length})`,
            },
          ],
        };
      }
      const bounded = check(validateBounds, parsed, 'body', secrets, body.isArray);
      return bounded.ok ? check(validateBody, parsed, 'body', secrets, body.isArray) : bounded;
    },
  };
}

function parameterSchema(list: readonly OpenAPIV3_1.ParameterObject[], closed: boolean): SchemaObject {
  const name = (p: OpenAPIV3_1.ParameterObject) => (p.in === 'header' ? p.name.toLowerCase() : p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(list.map((p) => [name(p), (p.schema ?? {}) as SchemaObject])),
    required: list.filter((p) => p.required).map(name),
    additionalProperties: !closed,
  };
}

/** Integer parameters, whose text must be plain digits: Ajv's coercion would take 0x10 or 1e3. */
function integerNames(list: readonly OpenAPIV3_1.ParameterObject[]): string[] {
  return list.filter((p) => (p.schema as SchemaObject | undefined)?.type === 'integer').map((p) => p.name);
}

function notIntegers(raw: Record<string, string>, names: readonly string[]): Checked<never> | undefined {
  const violations = names
    .filter((name) => raw[name] !== undefined && !/^-?\d{1,10}$/.test(raw[name] ?? ''))
    .map((name) => ({ parameter: name, message: `${name} must be an integer (got ${describe(raw[name])})` }));
  return violations.length > 0 ? { ok: false, violations } : undefined;
}

/** Keywords that bound how big a value is, each checked in time linear in the value. */
const boundKeywords = ['maxLength', 'maxItems', 'maxProperties'] as const;

/**
 * A copy of a schema with only its size bounds (and the structure that leads to them): no types,
 * formats or patterns, so it runs fast on any input and stops nothing a bounded input needs.
 */
function boundsOnly(schema: SchemaObject, seen = new Map<object, SchemaObject>()): SchemaObject {
  const done = seen.get(schema);
  if (done) return done;
  const copy: Record<string, unknown> = {};
  seen.set(schema, copy);
  for (const keyword of boundKeywords) if (schema[keyword] !== undefined) copy[keyword] = schema[keyword];
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, child]) => [name, boundsOnly(child, seen)]),
    );
  }
  if ('items' in schema && schema.items && typeof schema.items === 'object')
    copy.items = boundsOnly(schema.items, seen);
  for (const branch of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[branch];
    // A value must keep the bounds of every branch it could match; allOf keeps them all.
    if (list && branch === 'allOf') copy.allOf = list.map((child) => boundsOnly(child as SchemaObject, seen));
  }
  return copy;
}

/** Validates, and turns each failure into Kibo's vocabulary: `[2].account.emailAddress must … (got …)`. */
function check<T>(
  validate: ValidateFunction,
  value: T,
  location: Location,
  secrets: readonly FieldPath[],
  batch = false,
): Checked<T> {
  if (validate(value)) return { ok: true, value };
  const violations = schemaIssues(validate.errors).map((issue): Violation => {
    const segments = issue.segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const parameter =
      segments.length === 0
        ? location
        : location === 'header'
          ? issue.segments.join('.')
          : formatLocation(segments);
    const index = batch && typeof segments[0] === 'number' ? segments[0] : undefined;
    const quiet =
      issue.keyword === 'required' ||
      issue.keyword === 'additionalProperties' ||
      secrets.some((secret) => isWithin(segments, secret));
    const got = quiet ? '' : ` (got ${describe(valueAtPointer(value, issue.instancePath))})`;
    return { parameter, index, message: `${parameter} ${issue.message}${got}` };
  });
  return { ok: false, violations };
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
