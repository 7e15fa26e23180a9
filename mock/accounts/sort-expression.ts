import type { ParseResult } from './parse-result.ts';
import {
  type FieldKind,
  type Scalar,
  compareScalars,
  findField,
  listFields,
  scalarOf,
} from './scalar-fields.ts';

/**
 * A collection's `sortBy` (getAccounts', getAccountContacts'), on the scalar fields its items
 * have: `field asc|desc` keys separated by commas (direction defaults to asc).
 * Field names and directions are case-insensitive; values are ordered as scalar-fields.ts says.
 * Positions in messages are 1-based character offsets into the expression.
 */

/** Returns the records sorted by the expression, in a new array; the input is left as it was. */
export type Sorter = <T extends Readonly<Record<string, unknown>>>(records: readonly T[]) => T[];

type Value = Scalar | null;

interface SortKey {
  readonly field: string;
  readonly kind: FieldKind;
  readonly sign: 1 | -1;
}

const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;

export function parseSortBy(expr: string, fields: ReadonlyMap<string, FieldKind>): ParseResult<Sorter> {
  if (expr.trim() === '') {
    return fail(`empty expression; expected "field asc|desc"; sortable fields: ${listFields(fields)}`);
  }
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
    if (i === expr.length) return { ok: true, value: sorter(keys) };
    if (expr[i] !== ',') {
      return fail(
        `unexpected ${JSON.stringify(expr.charAt(i))} at position ${i + 1}; expected asc, desc or ","`,
      );
    }
    i++;
  }
}

/**
 * Sorts into a new array, reading each record's keys once (decorate, sort, undecorate): a
 * date-time is parsed once per record rather than twice per comparison.
 */
function sorter(keys: readonly SortKey[]): Sorter {
  return (records) => {
    const decorated = records.map((record) => ({
      record,
      values: keys.map((key) => scalarOf(key.kind, record[key.field])),
    }));
    decorated.sort((a, b) => compareValues(keys, a.values, b.values));
    return decorated.map(({ record }) => record);
  };
}

/**
 * Compares on every key case-insensitively first, and only when all keys tie breaks the tie by exact
 * string (so "smith" vs "Smith" never hides the next key, yet the order never depends on the input's).
 * Records equal even then compare 0: Array.prototype.sort is stable and keeps their input order.
 */
function compareValues(keys: readonly SortKey[], a: readonly Value[], b: readonly Value[]): number {
  for (const [i, key] of keys.entries()) {
    const order = compareField(key.sign, a[i] ?? null, b[i] ?? null, compareScalars);
    if (order !== 0) return order;
  }
  for (const [i, key] of keys.entries()) {
    const order = compareField(key.sign, a[i] ?? null, b[i] ?? null, exactly);
    if (order !== 0) return order;
  }
  return 0;
}

/** Nulls (and values of another type) sort last in asc; desc is the exact reverse, so first. */
function compareField(sign: 1 | -1, x: Value, y: Value, compare: (x: Scalar, y: Scalar) => number) {
  if (x === null || y === null) return sign * ((x === null ? 1 : 0) - (y === null ? 1 : 0));
  return sign * compare(x, y);
}

function exactly(a: Scalar, b: Scalar): number {
  return typeof a === 'string' && a !== b ? (a < b ? -1 : 1) : 0;
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
