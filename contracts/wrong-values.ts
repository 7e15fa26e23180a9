import type { OpenAPIV3_1 } from 'openapi-types';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/**
 * For each JSON type a schema property may declare, one value of another type: what a client with
 * a bug sends. Chosen so that no declared type (nullable included) accepts it.
 */
const wrongFor: Record<string, unknown> = {
  string: 12345,
  integer: 'twelve',
  number: 'twelve',
  boolean: 'yes',
  array: 'not-a-list',
  object: 'not-an-object',
};

/** A value of another type than any the schema declares (nullable included); undefined when it declares none. */
export function wrongTypedValue(schema: SchemaObject): unknown {
  const declared = typesOf(schema);
  if (declared.length === 0) return undefined;
  return Object.values(wrongFor).find((value) => !accepts(declared, value));
}

/** True when one of the declared JSON types takes the value (an integer is also a number). */
function accepts(declared: readonly string[], value: unknown): boolean {
  if (value === null) return declared.includes('null');
  if (typeof value === 'string') return declared.includes('string');
  if (typeof value === 'number') return declared.includes('number') || declared.includes('integer');
  return false;
}

/** One wrong-typed value per kind of single-typed property the schema declares (the first of each kind). */
export function wrongTypedProperties(schema: SchemaObject): Record<string, unknown> {
  const chosen: Record<string, unknown> = {};
  const kinds = new Set<string>();
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const declared = typesOf(child as SchemaObject).filter((type) => type !== 'null');
    const [kind] = declared;
    if (declared.length !== 1 || kind === undefined || kinds.has(kind) || !(kind in wrongFor)) continue;
    kinds.add(kind);
    chosen[name] = wrongFor[kind];
  }
  return chosen;
}

function typesOf(schema: SchemaObject): string[] {
  const { type } = schema;
  if (Array.isArray(type)) return type.map(String);
  if (typeof type === 'string') return [type];
  return schema.properties ? ['object'] : [];
}
