import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';

type SchemaObject = OpenAPIV3_1.SchemaObject;

export interface ArbitraryOptions {
  /** Arrays get at most this many items unless their schema asks for more (keeps runs fast). */
  readonly maxItems?: number;
  /** Strings without a tighter maxLength get at most this many characters. */
  readonly maxStringLength?: number;
}

const defaults = { maxItems: 3, maxStringLength: 40 } as const;

/**
 * fast-check arbitraries of values a JSON Schema (2020-12, as OpenAPI 3.1 and the dereferenced
 * document write it) accepts: types and nulls, required and optional properties, lengths and
 * ranges (their boundaries included), enums and consts, formats, patterns and `allOf`. What a
 * generator cannot promise (`not`, `if`/`then`, a format's finer rules) callers settle by
 * filtering with the document's validator, the oracle of every property test here.
 */
export function arbitraryOf(schema: SchemaObject, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const settings = { ...defaults, ...options };
  return build(schema, settings, 0);
}

type Settings = Required<Pick<ArbitraryOptions, 'maxItems' | 'maxStringLength'>>;

function build(schema: SchemaObject, settings: Settings, depth: number): fc.Arbitrary<unknown> {
  if (schema.allOf && schema.allOf.length > 0) return build(mergeAll(schema), settings, depth);
  if (schema.const !== undefined) return fc.constant(schema.const as unknown);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) {
    return fc.oneof(
      ...branches.map((branch) =>
        build(
          { ...schema, anyOf: undefined, oneOf: undefined, ...(branch as SchemaObject) },
          settings,
          depth,
        ),
      ),
    );
  }
  const types = typesOf(schema);
  if (types.length === 0) return anyJson(depth);
  const arbitraries = types.map((type) => ofType(type, schema, settings, depth));
  // null is one choice among the others, not half of all values.
  return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries);
}

function ofType(
  type: string,
  schema: SchemaObject,
  settings: Settings,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integers(schema);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return strings(schema, settings);
    case 'array': {
      const items = 'items' in schema && schema.items ? (schema.items as SchemaObject) : {};
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(
        minLength,
        Math.min(schema.maxItems ?? settings.maxItems, settings.maxItems),
      );
      return fc.array(build(items, settings, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objects(schema, settings, depth);
    default:
      return anyJson(depth);
  }
}

function integers(schema: SchemaObject): fc.Arbitrary<number> {
  const int32 = schema.format === 'int32';
  const min = schema.minimum ?? (int32 ? -(2 ** 31) : Number.MIN_SAFE_INTEGER);
  const max = schema.maximum ?? (int32 ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER);
  const { exclusiveMinimum: above, exclusiveMaximum: below } = schema;
  const low = typeof above === 'number' ? Math.floor(above) + 1 : min;
  const high = typeof below === 'number' ? Math.ceil(below) - 1 : max;
  return fc.integer({ min: Math.ceil(low), max: Math.floor(high) });
}

function strings(schema: SchemaObject, settings: Settings): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (text: string) => [...text].length >= minLength && [...text].length <= maxLength;
  switch (schema.format) {
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'date-time':
      return fc
        .date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().slice(0, 10));
    default:
      break;
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits);
  const upper = Math.max(minLength, Math.min(maxLength, settings.maxStringLength));
  const anyLength = fc.string({ minLength, maxLength: upper, unit: 'grapheme-ascii' });
  if (!Number.isFinite(maxLength)) return anyLength;
  // The boundary a server gets wrong: exactly maxLength characters.
  return fc.oneof(anyLength, fc.string({ minLength: maxLength, maxLength, unit: 'grapheme-ascii' }));
}

function objects(schema: SchemaObject, settings: Settings, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0)
    return schema.additionalProperties === false ? fc.constant({}) : anyJson(depth);
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(
    properties.map(([name, child]) => [name, build(child, settings, depth + 1)] as const),
  );
  return fc.record(record, {
    requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)),
  });
}

function anyJson(depth: number): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: Math.max(0, 2 - depth) });
}

function typesOf(schema: SchemaObject): string[] {
  if (schema.type !== undefined) return [schema.type].flat();
  if (schema.properties) return ['object'];
  if ('items' in schema && schema.items) return ['array'];
  return [];
}

/** The schema with its `allOf` branches folded in (itself when it has none), for walkers of a schema. */
export function mergedSchema(schema: SchemaObject): SchemaObject {
  return schema.allOf && schema.allOf.length > 0 ? mergeAll(schema) : schema;
}

/**
 * One schema that asks everything its `allOf` branches ask: properties merged by name, required
 * joined, types intersected, the tighter of each bound.
 */
function mergeAll(schema: SchemaObject): SchemaObject {
  const { allOf = [], ...rest } = schema;
  return [rest as SchemaObject, ...(allOf as SchemaObject[])].reduce(merge);
}

function merge(a: SchemaObject, b: SchemaObject): SchemaObject {
  if (b.allOf) b = mergeAll(b);
  if (a.allOf) a = mergeAll(a);
  const merged: Record<string, unknown> = { ...a, ...b };
  const typesA = typesOf(a);
  const typesB = typesOf(b);
  if (typesA.length > 0 && typesB.length > 0) merged.type = typesA.filter((type) => typesB.includes(type));
  if (a.properties || b.properties) {
    const names = new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})]);
    merged.properties = Object.fromEntries(
      [...names].map((name) => {
        const left = a.properties?.[name];
        const right = b.properties?.[name];
        return [name, left && right ? merge(left, right) : (left ?? right)];
      }),
    );
  }
  if (a.required || b.required)
    merged.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  for (const bound of ['maxLength', 'maxItems', 'maximum'] as const) {
    const values = [a[bound], b[bound]].filter((v): v is number => v !== undefined);
    if (values.length > 0) merged[bound] = Math.min(...values);
  }
  for (const bound of ['minLength', 'minItems', 'minimum'] as const) {
    const values = [a[bound], b[bound]].filter((v): v is number => v !== undefined);
    if (values.length > 0) merged[bound] = Math.max(...values);
  }
  return merged;
}
