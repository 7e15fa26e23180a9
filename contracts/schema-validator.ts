import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describeValue } from '../client/describe-value.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

// ajv-formats ships CommonJS; its typed default export is the module object, not the plugin.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One place a value breaks its schema: a JSON pointer into the body, and what was expected. */
export interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

export type ValidateAgainst = (schema: SchemaObject, value: unknown) => SchemaProblem[];

/**
 * Validates values against the document's (dereferenced) JSON Schema 2020-12 schemas. Strict
 * mode is off because OpenAPI schemas carry `example` and `x-` keywords Ajv does not know;
 * OpenAPI's numeric formats are added so `format: int32` is checked rather than ignored.
 */
export function createSchemaValidator(): ValidateAgainst {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  const compiled = new WeakMap<SchemaObject, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).filter(isReported).map((error) => explain(error, value));
  };
}

/** `if`/`anyOf` wrappers repeat what their branches already said. */
function isReported(error: ErrorObject): boolean {
  return error.keyword !== 'if' && error.keyword !== 'anyOf' && error.keyword !== 'oneOf';
}

function explain(error: ErrorObject, root: unknown): SchemaProblem {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  const actual = valueAt(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return { pointer, message: `must be ${listOf(params.type)} (got ${describeValue(actual)})` };
    case 'additionalProperties':
      return {
        pointer: join(pointer, String(params.additionalProperty)),
        message: 'is not a declared property (additionalProperties: false)',
      };
    case 'required':
      return { pointer: join(pointer, String(params.missingProperty)), message: 'is required but missing' };
    case 'enum':
      return {
        pointer,
        message: `must be one of ${listOf(params.allowedValues, JSON.stringify)} (got ${describeValue(actual)})`,
      };
    case 'const':
      return {
        pointer,
        message: `must be ${JSON.stringify(params.allowedValue)} (got ${describeValue(actual)})`,
      };
    default:
      return {
        pointer,
        message: `${error.message ?? `breaks ${error.keyword}`} (got ${describeValue(actual)})`,
      };
  }
}

function listOf(value: unknown, show: (item: unknown) => string = String): string {
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => show(item)).join(' or ');
}

function join(pointer: string, name: string): string {
  const escaped = name.replace(/~/g, '~0').replace(/\//g, '~1');
  return pointer === '/' ? `/${escaped}` : `${pointer}/${escaped}`;
}

/** Resolves an RFC 6901 JSON pointer. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
