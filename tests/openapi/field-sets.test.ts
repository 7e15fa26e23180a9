import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadDocument } from '../../openapi/load-document.ts';
import { isRecord } from './helpers.ts';

// kibo-api.md lives in ../shared beside the repository (CI clones it there too).
const referenceText = readFileSync(new URL('../../../shared/reference/kibo-api.md', import.meta.url), 'utf8');
const sdkModels = readFileSync(
  new URL('../../node_modules/@kibocommerce/rest-sdk/clients/Customer/models/index.d.ts', import.meta.url),
  'utf8',
);
const { source } = await loadDocument();

/** The schemas issue 2 names; the parser must find every one, or it has misread the notation. */
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
];

interface ListedField {
  readonly name: string;
  /** The field's own parenthesised notes, split at `,` / `;`: `int32`, `n`, `CustomerNote[]`, prose. */
  readonly notes: readonly string[];
}
interface ListedSchema {
  readonly name: string;
  readonly count: number | undefined;
  readonly fields: readonly ListedField[];
}

/** Splits at any of `separators` outside parentheses and double quotes. */
function splitTopLevel(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && separators.includes(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, text.slice(start)].map((part) => part.trim()).filter((part) => part !== '');
}

/** Sentences end at a period followed by a space or the end (not `address1..address4`). */
const sentences = (text: string) => splitTopLevel(text.replace(/\.(\s|$)/g, '\u0000$1'), '\u0000');

function parseFields(list: string): ListedField[] {
  const fields: ListedField[] = [];
  for (const item of splitTopLevel(list, ',')) {
    const match = /^([A-Za-z]\w*?)(\d+)?(?:\.\.[A-Za-z]\w*?(\d+))?(?: \((.*)\))?$/.exec(item);
    if (!match) throw new Error(`kibo-api.md: cannot read the field "${item}"`);
    const [, stem = '', from, to, noteText] = match;
    const notes = noteText ? splitTopLevel(noteText, ',;') : [];
    // `address1..address4` is four fields; `(booleans)` describes the run of bare fields before it.
    // Other notes belong to their own field only: in CustomerContact's `auditInfo, faxNumber,
    // label, id (int32, n)` auditInfo is no int32. The SDK comparison below covers the runs.
    const names = to ? range(Number(from), Number(to)).map((n) => `${stem}${n}`) : [`${stem}${from ?? ''}`];
    if (notes.includes('booleans')) {
      for (let i = fields.length - 1; i >= 0 && fields[i]?.notes.length === 0; i--) {
        fields[i] = { name: fields[i]?.name ?? '', notes };
      }
    }
    fields.push(...names.map((name) => ({ name, notes })));
  }
  return fields;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The "## Schemas" section of kibo-api.md: `- Name (27 fields): a (int32), b, c (n). Name2: …` */
function parseReferenceSchemas(markdown: string): ListedSchema[] {
  const section = /^## Schemas.*$([\s\S]*?)^## /m.exec(markdown)?.[1];
  if (!section) throw new Error('kibo-api.md has no "## Schemas" section');
  const bullets = section.split(/^- /m).map((bullet) => bullet.replace(/\s*\n\s*/g, ' ').trim());
  return bullets.flatMap((bullet) =>
    sentences(bullet).flatMap((sentence) => {
      const match = /^([A-Z][A-Za-z0-9]*)(?: \((\d+)(?: fields)?\))?: (.*)$/.exec(sentence);
      if (!match) return [];
      const [, name = '', count, list = ''] = match;
      return [{ name, count: count === undefined ? undefined : Number(count), fields: parseFields(list) }];
    }),
  );
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
    return `Array<${refName(items) ?? (isRecord(items) && Object.keys(items).length === 0 ? 'any' : '?')}>`;
  });
  return [...written, ...(isNullable(schema) ? ['null'] : [])].join(' | ');
}

const scalarNotes: Record<string, { type: string; format?: string }> = {
  int32: { type: 'integer', format: 'int32' },
  double: { type: 'number', format: 'double' },
  'date-time': { type: 'string', format: 'date-time' },
  boolean: { type: 'boolean' },
  booleans: { type: 'boolean' },
  string: { type: 'string' },
};

/** Checks what a kibo-api.md note says about a field's type; undefined when the document agrees. */
function noteMismatch(note: string, schema: Schema): string | undefined {
  const { format } = schema as OpenAPIV3_1.SchemaObject;
  const scalar = scalarNotes[note];
  const arrayOf = /^([A-Z]\w*)\[\]$/.exec(note)?.[1];
  let agrees: boolean;
  if (scalar) agrees = typesOf(schema).includes(scalar.type) && (!scalar.format || format === scalar.format);
  else if (arrayOf) agrees = asSdkType(schema).startsWith(`Array<${arrayOf}>`);
  else if (note === 'array of any') agrees = asSdkType(schema).startsWith('Array<any>');
  else if (/^[A-Z]\w*$/.test(note)) agrees = refName(schema) === note;
  else return undefined; // `n` has its own test; prose ("customer number") is not checked
  const documented = JSON.stringify(schema, ['$ref', 'type', 'format', 'items']);
  return agrees ? undefined : `is ${note} in kibo-api.md, the document has ${documented}`;
}

const listed = parseReferenceSchemas(referenceText);
const listedByName = new Map(listed.map((schema) => [schema.name, schema]));

describe('field sets against kibo-api.md', () => {
  it('finds every schema issue 2 names in the reference', () => {
    expect(listed.map((schema) => schema.name).sort()).toEqual([...kiboSchemas].sort());
  });

  it.each(kiboSchemas)('%s has exactly the fields kibo-api.md lists', (name) => {
    const reference = listedByName.get(name);
    if (!reference) throw new Error(`kibo-api.md lists no ${name} under "## Schemas"`);
    const expected = reference.fields.map((field) => field.name).sort();
    expect(Object.keys(properties(name)).sort(), `${name} properties`).toEqual(expected);
    if (reference.count !== undefined) {
      expect(reference.fields, `${name}: kibo-api.md says (${reference.count}) fields`).toHaveLength(
        reference.count,
      );
    }
  });

  it.each(kiboSchemas)('%s allows null wherever kibo-api.md marks (n)', (name) => {
    const props = properties(name);
    for (const field of listedByName.get(name)?.fields ?? []) {
      const schema = props[field.name];
      if (!schema || !field.notes.includes('n')) continue;
      expect.soft(isNullable(schema), `${name}.${field.name} is (n) in kibo-api.md`).toBe(true);
    }
  });

  it.each(kiboSchemas)('%s has the types and formats kibo-api.md gives', (name) => {
    const props = properties(name);
    for (const field of listedByName.get(name)?.fields ?? []) {
      const schema = props[field.name];
      if (!schema) continue;
      for (const note of field.notes) {
        const mismatch = noteMismatch(note, schema);
        expect.soft(mismatch, `${name}.${field.name} ${mismatch ?? ''}`).toBeUndefined();
      }
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
