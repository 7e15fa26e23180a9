import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationPlan } from '../../openapi/operation-plan.ts';

/**
 * The account fields `filter` and `sortBy` work on, and how their values are read and ordered.
 * Both parsers use the one ordering, so a filtered range (`gt`, `le` …) and a sorted page agree.
 */

/** A scalar field's kind, from its schema type and format. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'date-time';

/** A field's value as compared: date-times become epoch milliseconds. */
export type Scalar = string | number | boolean;

/** The schema's scalar properties and their kinds, as the document types them. */
export function scalarFields(schema: OpenAPIV3_1.SchemaObject): Map<string, FieldKind> {
  const fields = new Map<string, FieldKind>();
  for (const [name, property] of Object.entries(schema.properties ?? {}) as [
    string,
    OpenAPIV3_1.SchemaObject,
  ][]) {
    const types = [property.type].flat().filter((t) => t !== 'null');
    const [type] = types;
    if (types.length !== 1 || type === undefined) continue;
    if (type === 'string') fields.set(name, property.format === 'date-time' ? 'date-time' : 'string');
    else if (type === 'integer' || type === 'number') fields.set(name, 'number');
    else if (type === 'boolean') fields.set(name, 'boolean');
  }
  return fields;
}

/** The scalar fields of the items a collection answer holds: what its filter and sortBy work on. */
export function itemFieldsOf(plan: OperationPlan): Map<string, FieldKind> {
  const items = plan.success.schema?.properties?.items;
  const item = items && 'items' in items ? items.items : undefined;
  if (!item) throw new Error(`${plan.operationId} must answer a collection with items to filter and sort`);
  return scalarFields(item);
}

/** The field whose name matches case-insensitively, under the caller's own spelling. */
export function findField(fields: ReadonlyMap<string, FieldKind>, name: string) {
  const wanted = name.toLowerCase();
  for (const [field, kind] of fields) if (field.toLowerCase() === wanted) return { name: field, kind };
  return undefined;
}

export function listFields(fields: ReadonlyMap<string, FieldKind>): string {
  return [...fields.keys()].sort().join(', ');
}

// Case-insensitive but accent-sensitive, like SQL Server's default *_CI_AS collations; a fixed
// locale so the order does not depend on the machine the mock runs on.
const collator = new Intl.Collator('en', { sensitivity: 'accent' });

/** Orders two non-null values of one field (both of the same kind). */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return Number(a) - Number(b);
}

/** A record's value read as `kind`; null when missing, null, or of another type. */
export function scalarOf(kind: FieldKind, raw: unknown): Scalar | null {
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? raw : null;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'date-time':
      return typeof raw === 'string' ? instantOf(raw) : null;
  }
}

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/i;

/**
 * Epoch milliseconds of an ISO 8601 date or date-time, or null. Parsed by hand because Date.parse
 * accepts Feb 30 and reads a time without offset as local time; here no offset means UTC, so
 * results do not depend on the server's time zone.
 */
export function instantOf(text: string): number | null {
  const m = isoDateTime.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range parts (month 13, Feb 30, 24:00); a valid date survives intact.
  const intact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (!intact || offsetHours > 23 || offsetMinutes > 59) return null;
  const fraction = Math.floor(Number(m[7] ?? 0) * 1000);
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return date.getTime() + fraction - offset;
}
