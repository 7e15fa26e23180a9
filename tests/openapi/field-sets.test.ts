import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadDocument } from '../../openapi/load-document.ts';
import { isRecord } from './helpers.ts';

// Kibo's published schema facts, kept in the project as data (see the fixture's description).
const factsUrl = new URL('../fixtures/kibo-published-facts.json', import.meta.url);
const sdkModels = readFileSync(
  new URL('../../node_modules/@kibocommerce/rest-sdk/clients/Customer/models/index.d.ts', import.meta.url),
  'utf8',
);
const { source } = await loadDocument();

/** The schemas issues 2 and 12 name; the fixture must list exactly these. */
const kiboSchemas = [
  'CustomerAccountAndAuthInfo',
  'CustomerAccount',
  'CustomerContact',
  'ContactType',
  'CommerceRuntimePhone',
  'CommerceRuntimeAddress',
  'CustomerNote',
  'CustomerAttribute',
  'CustomerCustomerSegment',
  'CommerceSummary',
  'CurrencyAmount',
  'AdminUserAuditInfo',
  'CustomerAccountCollection',
  'CustomerAuthTicket',
  'CustomerUserAuthInfo',
  'CustomerPasswordInfo',
  'CustomerResetPasswordInfo',
  'ConfirmationInfo',
  'LoginState',
  'CustomerContactCollection',
];

interface ListedField {
  readonly name: string;
  /** `int32`, `double`, `date-time`, `boolean`, `string`, `CustomerNote`, `CustomerNote[]`, `any[]`. */
  readonly type: string | undefined;
  /** True: Kibo says the field may be null. False: the fixture makes no claim either way. */
  readonly nullable: boolean;
}
interface ListedSchema {
  readonly name: string;
  readonly count: number | undefined;
  readonly fields: readonly ListedField[];
}

const factTypes = /^(?:int32|double|date-time|boolean|string|any\[\]|[A-Z]\w*(?:\[\])?)$/;

/** Throws on any key of `value` not in `allowed`, so a misspelt key fails instead of being ignored. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new Error(`${where}: unknown key(s) ${unknown.join(', ')}`);
}

/** Reads kibo-published-facts.json strictly: every key and value must be one the notation defines. */
function readFacts(text: string): ListedSchema[] {
  const facts: unknown = JSON.parse(text);
  if (!isRecord(facts) || !isRecord(facts.schemas)) {
    throw new Error('kibo-published-facts.json: no "schemas"');
  }
  onlyKeys(facts, ['description', 'checked', 'notation', 'schemas'], 'kibo-published-facts.json');
  return Object.entries(facts.schemas).map(([name, schema]) => {
    const where = `kibo-published-facts.json ${name}`;
    if (!isRecord(schema) || !isRecord(schema.fields)) throw new Error(`${where}: no "fields"`);
    onlyKeys(schema, ['fieldCount', 'fields'], where);
    const { fieldCount } = schema;
    if (fieldCount !== undefined && !(typeof fieldCount === 'number' && Number.isInteger(fieldCount))) {
      throw new Error(`${where}: fieldCount must be an integer`);
    }
    const fields = Object.entries(schema.fields).map(([field, fact]): ListedField => {
      if (!isRecord(fact)) throw new Error(`${where}.${field}: not an object`);
      onlyKeys(fact, ['type', 'nullable'], `${where}.${field}`);
      const { type, nullable } = fact;
      if (type !== undefined && (typeof type !== 'string' || !factTypes.test(type))) {
        throw new Error(`${where}.${field}: unknown type ${JSON.stringify(type)}`);
      }
      if (nullable !== undefined && nullable !== true) {
        throw new Error(`${where}.${field}: nullable must be true (leave it out for no claim)`);
      }
      return { name: field, type, nullable: nullable === true };
    });
    if (fields.length === 0) throw new Error(`${where}: no fields`);
    return { name, count: fieldCount, fields };
  });
}

/** The SDK's `export interface Name { field?: Type; }` blocks, as field → TypeScript type. */
function parseSdkInterface(name: string): Map<string, string> {
  const body = new RegExp(`^export interface ${name} \\{$([\\s\\S]*?)^\\}`, 'm').exec(sdkModels)?.[1];
  if (body === undefined) throw new Error(`@kibocommerce/rest-sdk has no interface ${name}`);
  const fields = [...body.matchAll(/^\s+'?(\w+)'?\??: (.+);$/gm)];
  return new Map(fields.map(([, field = '', type = '']) => [field, type]));
}

type Schema = OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject;

function properties(name: string): Record<string, Schema> {
  const schema = source.components?.schemas?.[name];
  if (!schema) throw new Error(`The document has no schema ${name}`);
  return schema.properties ?? {};
}

const refName = (schema: unknown) =>
  isRecord(schema) && typeof schema.$ref === 'string'
    ? schema.$ref.replace('#/components/schemas/', '')
    : undefined;
const typesOf = (schema: Schema): string[] => {
  const type = (schema as OpenAPIV3_1.SchemaObject).type;
  return type === undefined ? [] : [type].flat();
};
const isNullable = (schema: Schema) => typesOf(schema).includes('null');

/** How the SDK (openapi-generator) would write the property's type, e.g. `Array<CustomerNote> | null`. */
function asSdkType(schema: Schema): string {
  const ref = refName(schema);
  if (ref) return ref;
  const base = typesOf(schema).filter((type) => type !== 'null');
  const written = base.map((type) => {
    if (type === 'integer' || type === 'number') return 'number';
    if (type !== 'array') return type;
    const items = (schema as OpenAPIV3_1.ArraySchemaObject).items;
    // Items of no type are any value, whatever bounds they add (a length, no nesting).
    return `Array<${refName(items) ?? (isRecord(items) && !('type' in items) ? 'any' : '?')}>`;
  });
  return [...written, ...(isNullable(schema) ? ['null'] : [])].join(' | ');
}

const scalarTypes: Record<string, { type: string; format?: string }> = {
  int32: { type: 'integer', format: 'int32' },
  double: { type: 'number', format: 'double' },
  'date-time': { type: 'string', format: 'date-time' },
  boolean: { type: 'boolean' },
  string: { type: 'string' },
};

/** Checks what the fixture says about a field's type; undefined when the document agrees. */
function typeMismatch(fact: string, schema: Schema): string | undefined {
  const { format } = schema as OpenAPIV3_1.SchemaObject;
  const scalar = scalarTypes[fact];
  const arrayOf = /^([A-Z]\w*)\[\]$/.exec(fact)?.[1];
  let agrees: boolean;
  if (scalar) agrees = typesOf(schema).includes(scalar.type) && (!scalar.format || format === scalar.format);
  else if (arrayOf) agrees = asSdkType(schema).startsWith(`Array<${arrayOf}>`);
  else if (fact === 'any[]') agrees = asSdkType(schema).startsWith('Array<any>');
  else if (/^[A-Z]\w*$/.test(fact)) agrees = refName(schema) === fact;
  else throw new Error(`kibo-published-facts.json: unknown type ${fact}`);
  const documented = JSON.stringify(schema, ['$ref', 'type', 'format', 'items']);
  return agrees ? undefined : `is ${fact} in kibo-published-facts.json, the document has ${documented}`;
}

const listed = readFacts(readFileSync(factsUrl, 'utf8'));
const listedByName = new Map(listed.map((schema) => [schema.name, schema]));

describe('field sets against kibo-published-facts.json', () => {
  it('lists exactly the schemas issues 2 and 12 name in the fixture', () => {
    expect(listed.map((schema) => schema.name).sort()).toEqual([...kiboSchemas].sort());
  });

  it.each(kiboSchemas)('%s has exactly the fields the fixture lists', (name) => {
    const reference = listedByName.get(name);
    if (!reference) throw new Error(`kibo-published-facts.json lists no ${name}`);
    const expected = reference.fields.map((field) => field.name).sort();
    expect(Object.keys(properties(name)).sort(), `${name} properties`).toEqual(expected);
    if (reference.count !== undefined) {
      expect(reference.fields, `${name}: the fixture says fieldCount ${reference.count}`).toHaveLength(
        reference.count,
      );
    }
  });

  it.each(kiboSchemas)('%s allows null wherever the fixture marks nullable', (name) => {
    const props = properties(name);
    for (const field of listedByName.get(name)?.fields ?? []) {
      const schema = props[field.name];
      if (!schema || !field.nullable) continue;
      expect.soft(isNullable(schema), `${name}.${field.name} is nullable in the fixture`).toBe(true);
    }
  });

  it.each(kiboSchemas)('%s has the types and formats the fixture gives', (name) => {
    const props = properties(name);
    for (const field of listedByName.get(name)?.fields ?? []) {
      const schema = props[field.name];
      if (!schema || field.type === undefined) continue;
      const mismatch = typeMismatch(field.type, schema);
      expect.soft(mismatch, `${name}.${field.name} ${mismatch ?? ''}`).toBeUndefined();
    }
  });
});

describe('field sets against @kibocommerce/rest-sdk', () => {
  it.each(kiboSchemas)('%s has the property names of the SDK interface', (name) => {
    const sdk = parseSdkInterface(name);
    expect(Object.keys(properties(name)).sort(), `${name} vs the SDK's ${name}`).toEqual(
      [...sdk.keys()].sort(),
    );
  });

  it.each(kiboSchemas)('%s has the SDK interface property types and nullability', (name) => {
    const sdk = parseSdkInterface(name);
    for (const [field, schema] of Object.entries(properties(name))) {
      const sdkType = sdk.get(field);
      if (sdkType === undefined) continue; // the name test reports it
      expect.soft(asSdkType(schema), `${name}.${field}: the SDK says ${sdkType}`).toBe(sdkType);
    }
  });
});
