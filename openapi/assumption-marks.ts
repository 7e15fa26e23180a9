import type { OpenAPIV3_1 } from 'openapi-types';

/** The extension that marks a rule as the kit's assumption (see the document's info.description). */
export const markKey = 'x-kit-assumption';
/** The extension listing every assumption by id, with why the kit makes it. */
export const registryKey = 'x-kit-assumptions';

/** One of the kit's assumptions: its id, why, and every place the document marks it. */
export interface Assumption {
  readonly id: string;
  readonly why: string;
  /** `#/components/schemas/CustomerAccount/properties/firstName` and the keyword marked there. */
  readonly marks: readonly { readonly pointer: string; readonly keyword: string }[];
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** The marks on one object: keyword (or `status` on a response) to assumption id. */
export function marksOn(node: unknown): Readonly<Record<string, string>> {
  const marks = isNode(node) ? node[markKey] : undefined;
  return isNode(marks) ? (marks as Record<string, string>) : {};
}

/** The registry as written, with each mark of the document (read where it is written, `$ref`s not followed). */
export function readAssumptions(source: OpenAPIV3_1.Document): Assumption[] {
  const registry = (source as unknown as Node)[registryKey];
  // A document without a registry states no assumptions of its own: marks in what it borrows (the
  // admin API bundles Kibo's ApiError) are the lending document's.
  if (registry === undefined) return [];
  const whys = isNode(registry) ? (registry as Record<string, unknown>) : {};
  const marks = new Map<string, { pointer: string; keyword: string }[]>();
  const walk = (node: unknown, pointer: string) => {
    if (!isNode(node)) return;
    for (const [keyword, id] of Object.entries(marksOn(node))) {
      if (!Object.hasOwn(whys, id)) {
        throw new Error(`${pointer || '#'}: ${markKey} names "${id}", which ${registryKey} does not list`);
      }
      marks.set(id, [...(marks.get(id) ?? []), { pointer: pointer || '#', keyword }]);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== markKey && key !== registryKey) walk(child, `${pointer}/${escape(key)}`);
    }
  };
  walk(source, '#');
  return Object.entries(whys).map(([id, why]) => ({ id, why: String(why), marks: marks.get(id) ?? [] }));
}

/**
 * Dereferencing merges a `$ref` with siblings into a new object whose own keys win, so the
 * sibling's marks would hide the referenced schema's: `account: {$ref: CustomerAccount,
 * required: [emailAddress]}` must keep CustomerAccount's `additionalProperties` mark too. This
 * gives each such merged object both (walking the document as written beside its dereferenced copy).
 */
export function mergeRefSiblingMarks(source: OpenAPIV3_1.Document, document: OpenAPIV3_1.Document): void {
  const walk = (written: unknown, resolved: unknown) => {
    if (!isNode(written) || !isNode(resolved)) return;
    const ref = written.$ref;
    if (typeof ref === 'string') {
      const own = marksOn(written);
      if (Object.keys(own).length > 0) resolved[markKey] = { ...marksOn(resolve(source, ref)), ...own };
      return;
    }
    for (const [key, child] of Object.entries(written)) walk(child, resolved[key]);
  };
  walk(source, document);
}

/** A local `#/…` reference in the document as written. */
function resolve(source: OpenAPIV3_1.Document, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, segment) => (isNode(node) ? node[segment] : undefined), source);
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
