import type { OpenAPIV3_1 } from 'openapi-types';
import { mergedSchema } from '../../openapi/schema-arbitrary.ts';
import { formatLocation } from '../../openapi/field-paths.ts';
import { wrongTypedValue } from '../wrong-values.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** The kinds of rule a generated negative case breaks, one per case. */
export const ruleKinds = [
  'type',
  'required',
  'format',
  'bound',
  'enum',
  'unknown-field',
  'media-type',
] as const;
export type RuleKind = (typeof ruleKinds)[number];

/** The JSON Schema keywords that break each kind of rule: the oracle's test that one rule broke. */
export const keywordsOf: Readonly<Record<Exclude<RuleKind, 'media-type'>, readonly string[]>> = {
  type: ['type'],
  required: ['required'],
  format: ['format', 'pattern'],
  bound: [
    'maxLength',
    'minLength',
    'maximum',
    'minimum',
    'exclusiveMaximum',
    'exclusiveMinimum',
    'maxItems',
    'minItems',
  ],
  enum: ['enum', 'const'],
  'unknown-field': ['additionalProperties', 'unevaluatedProperties'],
};

/** One way to break one rule of a value: where, what, and how. */
export interface RuleBreak {
  readonly kind: Exclude<RuleKind, 'media-type'>;
  /** Where in the value, e.g. `[0].account.emailAddress`. */
  readonly at: readonly (string | number)[];
  /** What the case sends, for messages: `emailAddress 'not-an-email'`. */
  readonly sent: string;
  /** The value to put there; `remove`: the property is left out; `repeatFirst`: the array's first item n times. */
  readonly change: { readonly set: unknown } | { readonly remove: true } | { readonly repeatFirst: number };
}

// Values well formed as JSON but not as their format: what a client's bug sends.
const badFormats: Readonly<Record<string, string>> = {
  email: 'not-an-email-address',
  'date-time': '2026-13-45 25:61',
  date: '31/12/2026',
  uuid: 'not-a-uuid',
  uri: 'not a uri',
  ipv4: '999.1.1.1',
};
// Longer strings and bigger arrays than this stay out of a case: a staging tenant's body limit
// has its own check (bad-input.oversize-body), and a bound this high is no off-by-one risk.
const largestBound = 10_000;
const unknownField = 'ctUnknownField';

/**
 * Every single-rule break the schema allows on a value valid for it: at each declared property
 * (present or not), a wrong type, a value outside its enum, format or pattern, one past each of its
 * bounds; at each object, a missing required property and an undeclared one. Arrays are broken
 * through their first item. The oracle (the document's validator) later keeps only the breaks that
 * break exactly the rule they name.
 */
export function ruleBreaks(value: unknown, schema: SchemaObject): RuleBreak[] {
  const found: RuleBreak[] = [];
  walk(value, schema, [], found);
  return found;
}

function walk(value: unknown, raw: SchemaObject, at: (string | number)[], found: RuleBreak[]): void {
  const schema = mergedSchema(raw);
  // A break under a choice of schemas breaks the choice (oneOf/anyOf), not one named rule.
  if (schema.oneOf || schema.anyOf) return;
  found.push(...valueBreaks(schema, at));
  if (isObject(value) && schema.properties) {
    for (const name of schema.required ?? []) {
      if (name in value)
        found.push({ kind: 'required', at: [...at, name], sent: `no ${name}`, change: { remove: true } });
    }
    if (schema.additionalProperties === false) {
      found.push({
        kind: 'unknown-field',
        at: [...at, unknownField],
        sent: `an undeclared property ${unknownField}`,
        change: { set: 'ct' },
      });
    }
    for (const [name, child] of Object.entries(schema.properties)) {
      if (name in value) walk(value[name], child, [...at, name], found);
      else found.push(...valueBreaks(mergedSchema(child), [...at, name]));
    }
  }
  if (Array.isArray(value) && value.length > 0 && 'items' in schema && schema.items) {
    walk(value[0], schema.items, [...at, 0], found);
  }
}

/** Breaks of the value at `at` itself: type, enum, format or pattern, bounds. */
function valueBreaks(schema: SchemaObject, at: readonly (string | number)[]): RuleBreak[] {
  if (schema.oneOf || schema.anyOf) return [];
  const name = at.length === 0 ? 'the body' : formatLocation(at);
  const breaks: RuleBreak[] = [];
  const set = (
    kind: RuleBreak['kind'],
    value: unknown,
    sent: string,
    change: RuleBreak['change'] = { set: value },
  ) => breaks.push({ kind, at, sent: `${name} ${sent}`, change });
  const wrong = wrongTypedValue(schema);
  if (wrong !== undefined) set('type', wrong, `of the wrong type (${JSON.stringify(wrong)})`);
  if (schema.enum && schema.enum.every((option) => typeof option === 'string'))
    set('enum', 'ct-not-listed', 'outside its enum');
  const format = schema.format === undefined ? undefined : badFormats[schema.format];
  if (format !== undefined)
    set('format', format, `not a ${String(schema.format)} (${JSON.stringify(format)})`);
  if (schema.pattern !== undefined) set('format', '~ct~', `not matching ${schema.pattern}`);
  const { maxLength, minLength, maximum, minimum, maxItems, minItems } = schema;
  if (maxLength !== undefined && maxLength < largestBound)
    set('bound', 'x'.repeat(maxLength + 1), `of ${maxLength + 1} characters (maxLength ${maxLength})`);
  if (minLength !== undefined && minLength > 0)
    set('bound', 'x'.repeat(minLength - 1), `of ${minLength - 1} characters (minLength ${minLength})`);
  if (maximum !== undefined) set('bound', maximum + 1, `${maximum + 1} (maximum ${maximum})`);
  if (minimum !== undefined) set('bound', minimum - 1, `${minimum - 1} (minimum ${minimum})`);
  if (typeof schema.exclusiveMaximum === 'number')
    set('bound', schema.exclusiveMaximum, `${schema.exclusiveMaximum} (exclusiveMaximum)`);
  if (typeof schema.exclusiveMinimum === 'number')
    set('bound', schema.exclusiveMinimum, `${schema.exclusiveMinimum} (exclusiveMinimum)`);
  if (minItems !== undefined && minItems > 0) set('bound', [], `empty (minItems ${minItems})`);
  // One item past maxItems would need a valid item to repeat: only small bounds, filled by the caller's value.
  if (maxItems !== undefined && maxItems < 50 && at.length > 0)
    set('bound', undefined, `of ${maxItems + 1} items (maxItems ${maxItems})`, { repeatFirst: maxItems + 1 });
  return breaks;
}

/** A copy of `value` with the break applied. */
export function applyBreak(value: unknown, rule: RuleBreak): unknown {
  const copy = structuredClone(value);
  if (rule.at.length === 0) return 'set' in rule.change ? rule.change.set : undefined;
  let parent: unknown = copy;
  for (const segment of rule.at.slice(0, -1)) {
    const next = (parent as Record<string | number, unknown>)[segment];
    if (!isObject(next) && !Array.isArray(next)) (parent as Record<string | number, unknown>)[segment] = {};
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  const last = rule.at.at(-1) as string | number;
  const holder = parent as Record<string | number, unknown>;
  const { change } = rule;
  if ('remove' in change) delete holder[last];
  else if ('set' in change) holder[last] = change.set;
  else holder[last] = repeated(holder[last], change.repeatFirst);
  return copy;
}

/** `count` copies of an array's first item (an item valid by construction). */
function repeated(current: unknown, count: number): unknown[] {
  const first: unknown = Array.isArray(current) && current.length > 0 ? current[0] : {};
  return Array.from({ length: count }, () => structuredClone(first));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
