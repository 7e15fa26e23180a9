import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import { createValidator, schemaIssues, valueAtPointer } from '../openapi/schema-validator.ts';
import { describeValue } from '../client/describe-value.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** One place a value breaks its schema: a JSON pointer into the body, and what was expected. */
export interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
  /** The keyword that failed, and the schema object holding it (where its mark is). */
  readonly keyword: string;
  readonly schema?: object;
}

export type ValidateAgainst = (schema: SchemaObject, value: unknown) => SchemaProblem[];

/**
 * Validates answers against the document's (dereferenced) schemas with the kit's one validator
 * factory; each schema is compiled once. A problem names the JSON pointer and, but for a missing
 * or undeclared property, the value found there.
 */
export function createSchemaValidator(): ValidateAgainst {
  const ajv = createValidator({ reportSchemas: true });
  const compiled = new WeakMap<SchemaObject, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return schemaIssues(validate.errors).map((issue) => {
      const pointer = issue.segments.length === 0 ? '/' : `/${issue.segments.map(escape).join('/')}`;
      const located = issue.keyword === 'required' || issue.keyword === 'additionalProperties';
      const got = located ? '' : ` (got ${describeValue(valueAtPointer(value, issue.instancePath))})`;
      return { pointer, message: `${issue.message}${got}`, keyword: issue.keyword, schema: issue.schema };
    });
  };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
