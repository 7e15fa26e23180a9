import type { OpenAPIV3_1 } from 'openapi-types';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/**
 * Where a field sits inside a value: property names, with `[]` for "every item of this array".
 * `['account', 'contacts', '[]', 'id']` is the id of every contact of an item's account.
 */
export type FieldPath = readonly string[];

export const everyItem = '[]';

/** `account.contacts[].id`, the way messages and reports name a field path. */
export function formatFieldPath(path: FieldPath): string {
  return path.reduce((text, segment, i) => {
    if (segment === everyItem) return `${text}[]`;
    return i === 0 ? segment : `${text}.${segment}`;
  }, '');
}

/** A mark found on a schema, and the path of the property that carries it. */
export interface MarkedField<T> {
  readonly path: FieldPath;
  readonly value: T;
}

/**
 * Every property of `schema`, at any depth (through `properties`, array `items` and the
 * branches of `allOf` / `anyOf` / `oneOf`), for which `read` finds a mark. A schema seen again on
 * the same path (a recursive one) is not walked twice.
 */
export function markedFields<T>(
  schema: SchemaObject | undefined,
  read: (property: SchemaObject) => T | undefined,
): MarkedField<T>[] {
  const found: MarkedField<T>[] = [];
  const walk = (node: SchemaObject | undefined, path: string[], seen: ReadonlySet<SchemaObject>) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    const inside = new Set(seen).add(node);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const at = [...path, name];
      const value = read(child);
      if (value !== undefined) found.push({ path: at, value });
      walk(child, at, inside);
    }
    if ('items' in node && node.items && typeof node.items === 'object') {
      walk(node.items, [...path, everyItem], inside);
    }
    for (const branch of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
      walk(branch, path, inside);
    }
  };
  walk(schema, [], new Set());
  return found;
}

/**
 * A copy of `value` without the fields at `paths` (other values are shared, not copied). Objects
 * on the way are copied only where something is removed below them.
 */
export function withoutFields<T>(value: T, paths: readonly FieldPath[]): T {
  if (paths.length === 0) return value;
  return prune(value, paths) as T;
}

function prune(value: unknown, paths: readonly FieldPath[]): unknown {
  if (Array.isArray(value)) {
    const inner = paths.filter((p) => p[0] === everyItem).map((p) => p.slice(1));
    if (inner.length === 0) return value;
    return value.map((item: unknown) => prune(item, inner));
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = paths.filter((p) => p[0] === key);
    if (here.length === 0) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    if (here.some((p) => p.length === 1)) delete copy[key];
    else
      copy[key] = prune(
        child,
        here.map((p) => p.slice(1)),
      );
  }
  return copy ?? value;
}

/** One concrete place a field path reaches in a value: `[2].account.taxId`, and what is there. */
export interface FieldValue {
  readonly where: (string | number)[];
  readonly value: unknown;
}

/** The values present (not undefined) at `path` in `value`, with their concrete locations. */
export function fieldValues(value: unknown, path: FieldPath): FieldValue[] {
  const found: FieldValue[] = [];
  const walk = (node: unknown, rest: FieldPath, where: (string | number)[]) => {
    if (rest.length === 0) {
      if (node !== undefined) found.push({ where, value: node });
      return;
    }
    const [head, ...tail] = rest;
    if (head === everyItem) {
      if (Array.isArray(node)) node.forEach((item: unknown, i) => walk(item, tail, [...where, i]));
      return;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node) || head === undefined) return;
    if (!Object.hasOwn(node, head)) return;
    walk((node as Record<string, unknown>)[head], tail, [...where, head]);
  };
  walk(value, path, []);
  return found;
}

/** `[2].account.taxId` for a concrete location, the way the mock's 400s and 403s name fields. */
export function formatLocation(where: readonly (string | number)[]): string {
  return where
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

/** True when a concrete location lies at or below a field path (`[]` matching any index). */
export function isWithin(where: readonly (string | number)[], path: FieldPath): boolean {
  if (where.length < path.length) return false;
  return path.every((segment, i) => {
    const at = where[i];
    return segment === everyItem ? typeof at === 'number' || /^\d+$/.test(String(at)) : at === segment;
  });
}

/**
 * A copy of `value` where each `x-default-from` rule is applied: at `path`, a missing or null value
 * takes its sibling `from`'s value. Objects are copied only where a default is filled in.
 */
export function withDefaults<T>(
  value: T,
  defaults: readonly { readonly path: FieldPath; readonly from: string }[],
): T {
  return defaults.reduce<unknown>((result, { path, from }) => fillDefault(result, path, from), value) as T;
}

function fillDefault(node: unknown, path: FieldPath, from: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return node;
  if (head === everyItem) {
    if (!Array.isArray(node)) return node;
    const items = node.map((item: unknown) => fillDefault(item, rest, from));
    return items.some((item, i) => item !== node[i]) ? items : node;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const record = node as Record<string, unknown>;
  if (rest.length === 0) {
    return record[head] == null && record[from] !== undefined ? { ...record, [head]: record[from] } : node;
  }
  const child = record[head];
  const filled = fillDefault(child, rest, from);
  return filled === child ? node : { ...record, [head]: filled };
}

/** The schema of the field at `path` inside `schema` (through properties and array items). */
export function schemaAt(schema: SchemaObject | undefined, path: FieldPath): SchemaObject | undefined {
  let node = schema;
  for (const segment of path) {
    if (!node) return undefined;
    node = segment === everyItem ? ('items' in node ? node.items : undefined) : node.properties?.[segment];
  }
  return node;
}

/**
 * A value carrying `value` at `path`, built inside `base` (objects copied on the way, one item
 * for every `[]`): how a check sends exactly one field of a deep schema.
 */
export function withFieldSet(base: unknown, path: FieldPath, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (head === everyItem) {
    const items = Array.isArray(base) && base.length > 0 ? base : [{}];
    return items.map((item: unknown) => withFieldSet(item, rest, value));
  }
  const record = base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {};
  return { ...record, [head]: withFieldSet((record as Record<string, unknown>)[head], rest, value) };
}
