import type { ParseResult } from './response-fields.ts';

/**
 * getAccounts' `sortBy`: `field asc|desc` keys separated by commas (direction defaults to asc),
 * plus how a field's values are read and ordered; `filter`'s gt/lt/ge/le use the same ordering, so
 * a filtered range and a sorted page agree. Field names and directions are case-insensitive.
 * Positions in messages are 1-based character offsets into the expression.
 */

/** A scalar field's kind, from its schema type and format (the caller derives the map). */
export type FieldKind = 'string' | 'number' | 'boolean' | 'date-time';

/** A field's value as compared: date-times become epoch milliseconds. */
export type Scalar = string | number | boolean;

export type Comparator = (
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
) => number;

interface SortKey {
  readonly field: string;
  readonly kind: FieldKind;
  readonly sign: 1 | -1;
}

const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;

export function parseSortBy(expr: string, fields: ReadonlyMap<string, FieldKind>): ParseResult<Comparator> {
  if (expr.trim() === '') return fail('empty expression; expected "field asc|desc", e.g. lastName asc');
  const keys: SortKey[] = [];
  let i = 0;
  for (;;) {
    i = skipSpaces(expr, i);
    const name = sticky(expr, i);
    if (name === undefined) return fail(expectedField(expr, i));
    const field = findField(fields, name);
    if (!field)
      return fail(`unknown field "${name}" at position ${i + 1}; sortable fields: ${listFields(fields)}`);
    i = skipSpaces(expr, i + name.length);
    const direction = sticky(expr, i);
    let sign: 1 | -1 = 1;
    if (direction !== undefined) {
      const lower = direction.toLowerCase();
      if (lower !== 'asc' && lower !== 'desc') {
        return fail(`unknown direction "${direction}" at position ${i + 1}; expected asc or desc`);
      }
      sign = lower === 'asc' ? 1 : -1;
      i = skipSpaces(expr, i + direction.length);
    }
    keys.push({ field: field.name, kind: field.kind, sign });
    if (i === expr.length) return { ok: true, value: comparator(keys) };
    if (expr[i] !== ',') {
      return fail(
        `unexpected ${JSON.stringify(expr.charAt(i))} at position ${i + 1}; expected asc, desc or ","`,
      );
    }
    i++;
  }
}

/**
 * Compares on every key case-insensitively first, and only when all keys tie breaks the tie by exact
 * string (so "smith" vs "Smith" never hides the next key, yet the order never depends on the input's).
 * Records equal even then compare 0: Array.prototype.sort is stable and keeps their input order.
 */
function comparator(keys: readonly SortKey[]): Comparator {
  return (a, b) => {
    for (const key of keys) {
      const order = compareField(key, a[key.field], b[key.field], compareScalars);
      if (order !== 0) return order;
    }
    for (const key of keys) {
      const order = compareField(key, a[key.field], b[key.field], exactly);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Nulls (and values of another type) sort last in asc; desc is the exact reverse, so first. */
function compareField(key: SortKey, a: unknown, b: unknown, compare: (x: Scalar, y: Scalar) => number) {
  const x = scalarOf(key.kind, a);
  const y = scalarOf(key.kind, b);
  if (x === null || y === null) return key.sign * ((x === null ? 1 : 0) - (y === null ? 1 : 0));
  return key.sign * compare(x, y);
}

// Case-insensitive but accent-sensitive, like SQL Server's default *_CI_AS collations; a fixed
// locale so the order does not depend on the machine the mock runs on.
const collator = new Intl.Collator('en', { sensitivity: 'accent' });

/** Orders two non-null values of one field (both of the same kind). */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return Number(a) - Number(b);
}

function exactly(a: Scalar, b: Scalar): number {
  return typeof a === 'string' && a !== b ? (a < b ? -1 : 1) : 0;
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

/** The field whose name matches case-insensitively, under the caller's own spelling. */
export function findField(fields: ReadonlyMap<string, FieldKind>, name: string) {
  const wanted = name.toLowerCase();
  for (const [field, kind] of fields) if (field.toLowerCase() === wanted) return { name: field, kind };
  return undefined;
}

export function listFields(fields: ReadonlyMap<string, FieldKind>): string {
  return [...fields.keys()].sort().join(', ');
}

function sticky(expr: string, at: number): string | undefined {
  identifier.lastIndex = at;
  return identifier.exec(expr)?.[0];
}

function skipSpaces(expr: string, i: number): number {
  while (i < expr.length && /\s/.test(expr.charAt(i))) i++;
  return i;
}

function expectedField(expr: string, i: number): string {
  const found = expr.charAt(i);
  if (found === '' || found === ',') return `empty sort key at position ${i + 1}; expected "field asc|desc"`;
  return `unexpected ${JSON.stringify(found)} at position ${i + 1}; expected a field name`;
}

function fail(message: string): ParseResult<never> {
  return { ok: false, message: `sortBy: ${message}` };
}
