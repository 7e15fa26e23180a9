import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan, BodyPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { createValidator, schemaIssues } from '../../openapi/schema-validator.ts';
import { bodyValidator } from './body-validator.ts';
import type { Violation } from './error-catalogue.ts';
import { describe, violationsOf, type Location } from './violations-of.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/**
 * What validating one part of a request gives: the coerced value, or its violations; `incomplete`
 * when checking stopped once there were more than a 400 lists.
 */
export type Checked<T> =
  { ok: true; value: T } | { ok: false; violations: Violation[]; incomplete?: boolean };

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
export function createRequestValidators(
  plan: ApiPlan,
  maxViolations: number,
): (operationId: string) => OperationValidator {
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
    const get = () => (compiled ??= compileOperation(operation, compilers, maxViolations));
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
  compileBody(schema: SchemaObject, unknownFields: BodyPlan['unknownFields']): ValidateFunction;
}

function compileOperation(
  plan: OperationPlan,
  compilers: Compilers,
  maxViolations: number,
): OperationValidator {
  const { query, path, header } = plan.parameters;
  const compileList = (list: readonly OpenAPIV3_1.ParameterObject[], closed: boolean) =>
    compilers.compileParameters(parameterSchema(list, closed));
  const validateQuery = compileList(query, true);
  const validatePath = compileList(path, true);
  // Header names are case-insensitive and clients send many we do not declare: only declared ones are checked.
  const validateHeaders = compileList(header, false);
  const validateBody = plan.body
    ? bodyValidator({
        body: plan.body,
        allOrNothing: plan.allOrNothing,
        maxViolations,
        compile: (schema, unknownFields) => compilers.compileBody(schema, unknownFields),
      })
    : undefined;
  const integers = { query: integerNames(query), path: integerNames(path) };
  return {
    query: (raw) => notIntegers(raw, integers.query) ?? check(validateQuery, { ...raw }, 'query'),
    path: (raw) => notIntegers(raw, integers.path) ?? check(validatePath, { ...raw }, 'path'),
    // Hono hands header names over in lower case, as the validator was compiled.
    headers: (raw) => check(validateHeaders, raw, 'header'),
    body: (parsed) => (validateBody ? validateBody(parsed) : { ok: true, value: parsed }),
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

/** Validates parameters or headers, each violation named as sent. */
function check<T>(validate: ValidateFunction, value: T, location: Location): Checked<T> {
  if (validate(value)) return { ok: true, value };
  return {
    ok: false,
    violations: violationsOf(schemaIssues(validate.errors), value, { location, secrets: [] }),
  };
}
