import { fileURLToPath } from 'node:url';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createValidator } from '../../openapi/schema-validator.ts';
import type { OpenAPIV3_1 } from 'openapi-types';

export type SchemaObject = OpenAPIV3_1.SchemaObject;

/** The repository root, so spawned tools run where `npm run …` would run them. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every `x-` key used anywhere in the document, so Ajv can treat them as annotations. */
function extensionKeys(node: unknown, found = new Set<string>(), seen = new Set<object>()): Set<string> {
  if (typeof node !== 'object' || node === null || seen.has(node)) return found;
  seen.add(node);
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('x-')) found.add(key);
    extensionKeys(child, found, seen);
  }
  return found;
}

/**
 * A strict JSON Schema 2020-12 validator for the document's (dereferenced) schemas. Strict mode
 * stays on so a misspelled keyword (`maxlength`) fails loudly instead of silently not limiting
 * anything; the document's own `x-` extensions and OpenAPI's `example` are declared annotations.
 */
export function createAjv(document: OpenAPIV3_1.Document): Ajv2020 {
  return createValidator({ strictWith: ['example', ...extensionKeys(document)] });
}

/** Ajv's errors as one line each, e.g. "/items/0/id must be integer". */
export function describeErrors(ajv: Ajv2020, errors: Parameters<Ajv2020['errorsText']>[0]): string {
  return ajv.errorsText(errors, { separator: '\n', dataVar: '' });
}

/** A property or item schema of the dereferenced document, which holds no `$ref` any more. */
export function asSchema(
  value: OpenAPIV3_1.ReferenceObject | SchemaObject | undefined,
  where: string,
): SchemaObject {
  if (value === undefined || '$ref' in value) throw new Error(`${where}: no schema (or an unresolved $ref)`);
  return value;
}
