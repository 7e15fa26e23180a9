import type { OpenAPIV3_1 } from 'openapi-types';
import type { SchemaIssue } from '../../openapi/schema-validator.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** What the cheap pass reads of a schema: the JSON types a value may have and how big it may be. */
interface Shape {
  types: readonly string[] | undefined;
  maxLength: number | undefined;
  maxItems: number | undefined;
  maxProperties: number | undefined;
  items: Shape | undefined;
  properties: ReadonlyMap<string, Shape> | undefined;
  /** `additionalProperties: false`: an undeclared key is refused (or, relaxed, left to be dropped). */
  closed: boolean;
  additional: Shape | undefined;
  allOf: readonly Shape[];
  /** anyOf or oneOf: the value keeps the shape of one branch at least. */
  someOf: readonly Shape[] | undefined;
}

export interface StructuralCheckOptions {
  /** With the `unknown-fields` assumption off, undeclared keys are dropped later, not refused here. */
  readonly unknownFields: 'refuse' | 'drop';
}

/**
 * The cheap pass of a body's validation: JSON types, lengths, item and key counts, undeclared
 * keys, each checked in time linear in the value and stopping at `limit` issues, however many
 * the value holds (800,000 undeclared keys are one walk that stops at the limit, not 800,000
 * errors collected). What passes it is bounded by the document in every dimension, so the
 * expensive checks (formats, patterns, per-item rules) that follow only ever see bounded values.
 * Issues read as Ajv's do, so a 400 says the same whichever pass found it.
 */
export function structuralCheck(
  schema: SchemaObject,
  options: StructuralCheckOptions,
): (value: unknown, limit: number) => SchemaIssue[] {
  const root = shapeOf(schema, new Map());
  const refuseUnknown = options.unknownFields === 'refuse';

  /** Where a walk is: its issues so far, and the path to the value it looks at (kept, not copied). */
  interface Walk {
    readonly issues: SchemaIssue[];
    readonly limit: number;
    readonly path: string[];
  }

  const report = (at: Walk, keyword: string, message: string, key?: string) => {
    const segments = key === undefined ? [...at.path] : [...at.path, key];
    at.issues.push({ keyword, segments, instancePath: pointer(at.path), message });
  };

  /** Walks into one child: the path grows by its key for the time of the walk. */
  const into = (at: Walk, key: string, value: unknown, shape: Shape) => {
    at.path.push(key);
    walk(value, shape, at);
    at.path.pop();
  };

  function walk(value: unknown, shape: Shape, at: Walk): void {
    if (shape.types && !shape.types.some((type) => hasType(value, type))) {
      report(at, 'type', `must be ${shape.types.join(' or ')}`);
      return;
    }
    if (typeof value === 'string' && shape.maxLength !== undefined && longerThan(value, shape.maxLength)) {
      report(at, 'maxLength', `must NOT have more than ${shape.maxLength} characters`);
    } else if (Array.isArray(value)) {
      if (shape.maxItems !== undefined && value.length > shape.maxItems) {
        report(at, 'maxItems', `must NOT have more than ${shape.maxItems} items`);
      } else if (shape.items) {
        for (let i = 0; i < value.length && at.issues.length < at.limit; i++) {
          into(at, String(i), value[i], shape.items);
        }
      }
    } else if (value !== null && typeof value === 'object') {
      walkObject(value as Record<string, unknown>, shape, at);
    }
    for (const branch of shape.allOf) {
      if (at.issues.length >= at.limit) return;
      walk(value, branch, at);
    }
    if (shape.someOf && at.issues.length < at.limit) walkSomeOf(value, shape.someOf, at);
  }

  function walkObject(value: Record<string, unknown>, shape: Shape, at: Walk): void {
    let count = 0;
    // One walk over the keys as sent, stopping at the limit: never a list of every key made first.
    for (const key in value) {
      if (at.issues.length >= at.limit) return;
      count++;
      if (shape.maxProperties !== undefined && count > shape.maxProperties) {
        report(at, 'maxProperties', `must NOT have more than ${shape.maxProperties} properties`);
        return;
      }
      const declared = shape.properties?.get(key);
      if (declared) into(at, key, value[key], declared);
      else if (shape.closed) {
        if (refuseUnknown) report(at, 'additionalProperties', 'is not a declared property', key);
      } else if (shape.additional) into(at, key, value[key], shape.additional);
    }
  }

  /**
   * A value that fits no branch is told about the branch made for its type (a string too long for
   * the string branch), or, when no branch takes its type, which types they take.
   */
  function walkSomeOf(value: unknown, branches: readonly Shape[], at: Walk): void {
    let typed: Shape | undefined;
    for (const branch of branches) {
      const trial: Walk = { issues: [], limit: 1, path: at.path };
      walk(value, branch, trial);
      if (trial.issues.length === 0) return;
      if (!typed && (!branch.types || branch.types.some((type) => hasType(value, type)))) typed = branch;
    }
    if (typed) walk(value, typed, at);
    else {
      const types = [...new Set(branches.flatMap((branch) => branch.types ?? []))];
      report(at, 'type', `must be ${types.join(' or ')}`);
    }
  }

  return (value, limit) => {
    const at: Walk = { issues: [], limit, path: [] };
    walk(value, root, at);
    return at.issues.slice(0, limit);
  };
}

/** A schema read once into its shape; a schema that refers to itself (dereferenced) is read once too. */
function shapeOf(schema: SchemaObject, seen: Map<object, Shape>): Shape {
  const done = seen.get(schema);
  if (done) return done;
  const type = schema.type as string | string[] | undefined;
  const shape: Shape = {
    types: type === undefined ? undefined : [type].flat(),
    maxLength: schema.maxLength,
    maxItems: schema.maxItems,
    maxProperties: schema.maxProperties,
    items: undefined,
    properties: undefined,
    closed: schema.additionalProperties === false,
    additional: undefined,
    allOf: [],
    someOf: undefined,
  };
  seen.set(schema, shape);
  const child = (node: unknown) =>
    typeof node === 'object' && node !== null ? shapeOf(node, seen) : undefined;
  if ('items' in schema) shape.items = child(schema.items);
  if (schema.properties) {
    shape.properties = new Map(
      Object.entries(schema.properties).map(([name, node]) => [name, shapeOf(node as SchemaObject, seen)]),
    );
  }
  // Keys matched by a pattern are beyond a cheap check: such an object is left open here.
  if ('patternProperties' in schema) shape.closed = false;
  else shape.additional = child(schema.additionalProperties);
  shape.allOf = (schema.allOf ?? []).map((node) => shapeOf(node as SchemaObject, seen));
  const someOf = schema.anyOf ?? schema.oneOf;
  if (someOf) shape.someOf = someOf.map((node) => shapeOf(node as SchemaObject, seen));
  return shape;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/**
 * maxLength counts code points (JSON Schema, as Ajv does), which a string has at least half as
 * many of as UTF-16 units: only a string between one and two times the bound needs counting.
 */
function longerThan(text: string, maxLength: number): boolean {
  if (text.length <= maxLength) return false;
  if (text.length > maxLength * 2) return true;
  let points = text.length;
  for (let i = 1; i < text.length; i++) {
    // A low surrogate after a high one ends a pair: the two units are one code point.
    if ((text.charCodeAt(i) & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) {
      points--;
      i++;
    }
  }
  return points > maxLength;
}

/** RFC 6901: where a value sits, as Ajv's instancePath writes it. */
function pointer(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
