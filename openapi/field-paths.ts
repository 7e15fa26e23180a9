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

/** Field paths merged into a tree: each node holds the segments below it, and whether it ends a path. */
interface FieldTree {
  readonly children: Map<string, FieldTree>;
  ends: boolean;
}

function treeOf(paths: readonly FieldPath[]): FieldTree {
  const root: FieldTree = { children: new Map(), ends: false };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), ends: false };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.ends = true;
  }
  return root;
}

/**
 * Compiles field paths into a function that copies a value without the fields at those paths
 * (other values are shared, not copied). It visits only the properties the paths name, and copies
 * an object only where something is removed below it: the mock runs it on every Bulk item.
 */
export function fieldRemover(paths: readonly FieldPath[]): <T>(value: T) => T {
  const tree = treeOf(paths);
  return <T>(value: T) => (paths.length === 0 ? value : (prune(value, tree) as T));
}

function prune(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) {
    const items = tree.children.get(everyItem);
    if (!items) return value;
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const pruned = prune(item, items);
      if (pruned !== item) (copy ??= [...(value as unknown[])])[i] = pruned;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let changed: Map<string, unknown> | undefined;
  for (const [key, below] of tree.children) {
    if (key === everyItem || !Object.hasOwn(record, key)) continue;
    const child = record[key];
    const pruned = below.ends ? removed : prune(child, below);
    if (pruned !== child) (changed ??= new Map()).set(key, pruned);
  }
  if (!changed) return value;
  // Built key by key rather than copied and `delete`d: a deleted key turns the object into a
  // slow dictionary, which every later read and the serializer would pay for.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const next = changed.has(key) ? changed.get(key) : record[key];
    if (next !== removed) copy[key] = next;
  }
  return copy;
}

const removed = Symbol('removed');

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
    .map((segment, i) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : // A key that is not a plain name ("0", "a.b", "") is quoted, so it reads as no index or path.
          !/^[A-Za-z_$][\w$]*$/.test(segment)
          ? `[${JSON.stringify(segment)}]`
          : i === 0
            ? segment
            : `.${segment}`,
    )
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
 * Compiles `x-default-from` rules into a function that copies a value with the defaults filled
 * in: at each rule's path, a missing or null value takes its sibling `from`'s value. Objects are
 * copied only where a default is filled in.
 */
export function defaultsFiller(
  defaults: readonly { readonly path: FieldPath; readonly from: string }[],
): <T>(value: T) => T {
  const rules = defaults.flatMap(({ path, from }) => {
    const field = path.at(-1);
    return field === undefined ? [] : [{ parent: path.slice(0, -1), field, from }];
  });
  return <T>(value: T) =>
    rules.reduce<unknown>(
      (result, rule) => fillAt(result, rule.parent, 0, rule.field, rule.from),
      value,
    ) as T;
}

function fillAt(node: unknown, parent: FieldPath, depth: number, field: string, from: string): unknown {
  if (depth === parent.length) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const record = node as Record<string, unknown>;
    if (record[field] != null || record[from] === undefined) return node;
    const copy = { ...record };
    copy[field] = record[from];
    return copy;
  }
  const segment = parent[depth] ?? '';
  if (segment === everyItem) {
    if (!Array.isArray(node)) return node;
    let copy: unknown[] | undefined;
    node.forEach((item: unknown, i) => {
      const filled = fillAt(item, parent, depth + 1, field, from);
      if (filled !== item) (copy ??= [...(node as unknown[])])[i] = filled;
    });
    return copy ?? node;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const record = node as Record<string, unknown>;
  const child = record[segment];
  const filled = fillAt(child, parent, depth + 1, field, from);
  if (filled === child) return node;
  const copy = { ...record };
  copy[segment] = filled;
  return copy;
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
