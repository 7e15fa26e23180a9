import { expect, test } from 'vitest';
import type { FieldKind } from '../../mock/accounts/scalar-fields.ts';
import { parseSortBy } from '../../mock/accounts/sort-expression.ts';

const fields = new Map<string, FieldKind>([
  ['id', 'number'],
  ['firstName', 'string'],
  ['lastName', 'string'],
  ['isActive', 'boolean'],
  ['customerSinceDate', 'date-time'],
]);

type Row = Record<string, unknown>;

function sorted(expr: string, rows: readonly Row[]): Row[] {
  const parsed = parseSortBy(expr, fields);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value(rows);
}

const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

function errorOf(expr: string): string {
  const parsed = parseSortBy(expr, fields);
  return parsed.ok ? 'parsed' : parsed.message;
}

test('sorts strings ascending, ignoring case', () => {
  const rows = [
    { id: 1, lastName: 'ortiz' },
    { id: 2, lastName: 'Baker' },
    { id: 3, lastName: 'adams' },
  ];
  expect(ids(sorted('lastName asc', rows))).toEqual([3, 2, 1]);
});

test('the direction defaults to asc', () => {
  const rows = [{ id: 2 }, { id: 1 }];
  expect(ids(sorted('id', rows))).toEqual([1, 2]);
});

test('desc reverses the order', () => {
  const rows = [{ id: 1 }, { id: 3 }, { id: 2 }];
  expect(ids(sorted('id desc', rows))).toEqual([3, 2, 1]);
});

test('numbers sort numerically, not as text', () => {
  const rows = [{ id: 10 }, { id: 9 }, { id: 100 }];
  expect(ids(sorted('id', rows))).toEqual([9, 10, 100]);
});

test('accented letters sort beside their base letter', () => {
  const rows = [
    { id: 1, firstName: 'Zoe' },
    { id: 2, firstName: 'Élodie' },
    { id: 3, firstName: 'Eden' },
    { id: 4, firstName: 'Fiona' },
  ];
  expect(ids(sorted('firstName', rows))).toEqual([3, 2, 4, 1]);
});

test('later keys order rows the earlier keys tie on', () => {
  const rows = [
    { id: 1, lastName: 'Ortiz', firstName: 'Ann' },
    { id: 2, lastName: 'Adams', firstName: 'Cy' },
    { id: 3, lastName: 'ortiz', firstName: 'Al' },
  ];
  expect(ids(sorted('lastName asc, firstName asc', rows))).toEqual([2, 3, 1]);
  expect(ids(sorted('lastName asc,id desc', rows))).toEqual([2, 3, 1]);
});

test('a case-only difference ties until every key is compared', () => {
  const rows = [
    { id: 1, lastName: 'smith', firstName: 'Bea' },
    { id: 2, lastName: 'Smith', firstName: 'Al' },
  ];
  expect(ids(sorted('lastName,firstName', rows))).toEqual([2, 1]);
});

test('a case-only tie is broken the same way whatever the input order', () => {
  const a = { id: 1, lastName: 'smith' };
  const b = { id: 2, lastName: 'Smith' };
  expect(ids(sorted('lastName', [a, b]))).toEqual(ids(sorted('lastName', [b, a])));
});

test('rows equal on every key keep their input order', () => {
  const rows = [
    { id: 3, isActive: true },
    { id: 1, isActive: true },
    { id: 2, isActive: true },
  ];
  expect(ids(sorted('isActive', rows))).toEqual([3, 1, 2]);
});

test('nulls and missing values sort last in asc and first in desc', () => {
  const rows = [
    { id: 1, lastName: null },
    { id: 2, lastName: 'Baker' },
    { id: 3 },
    { id: 4, lastName: 'Adams' },
  ];
  expect(ids(sorted('lastName asc', rows))).toEqual([4, 2, 1, 3]);
  expect(ids(sorted('lastName desc', rows))).toEqual([1, 3, 2, 4]);
});

test('false sorts before true', () => {
  const rows = [
    { id: 1, isActive: true },
    { id: 2, isActive: false },
  ];
  expect(ids(sorted('isActive', rows))).toEqual([2, 1]);
});

test('date-times sort as instants, not as text', () => {
  const rows = [
    { id: 1, customerSinceDate: '2024-01-31T09:00:00-05:00' }, // 14:00Z
    { id: 2, customerSinceDate: '2024-01-31T10:00:00Z' },
    { id: 3, customerSinceDate: '2024-01-31T12:00:00+01:00' }, // 11:00Z
  ];
  expect(ids(sorted('customerSinceDate', rows))).toEqual([2, 3, 1]);
});

test('directions and field names are case-insensitive', () => {
  const rows = [{ id: 1 }, { id: 2 }];
  expect(ids(sorted('ID DESC', rows))).toEqual([2, 1]);
});

test('reads each record’s sort keys once, not on every comparison', () => {
  let reads = 0;
  const rows = Array.from({ length: 200 }, (_, i) => ({
    id: i,
    get customerSinceDate() {
      reads++;
      return new Date(Date.UTC(2024, 0, 1 + ((i * 37) % 200))).toISOString();
    },
  }));
  const ordered = sorted('customerSinceDate desc, id', rows);
  expect(reads).toBe(rows.length);
  expect(ordered[0]?.customerSinceDate).toBe('2024-07-18T00:00:00.000Z');
});

test('leaves the input in its order', () => {
  const rows = [{ id: 2 }, { id: 1 }];
  sorted('id', rows);
  expect(ids(rows)).toEqual([2, 1]);
});

test('an empty expression is an error naming the sortable fields', () => {
  expect(errorOf(' ')).toBe(
    'sortBy: empty expression; expected "field asc|desc"; sortable fields: customerSinceDate, firstName, id, isActive, lastName',
  );
});

test('an unknown field names its position and the sortable fields', () => {
  expect(errorOf('id asc, lastNme desc')).toBe(
    'sortBy: unknown field "lastNme" at position 9; sortable fields: customerSinceDate, firstName, id, isActive, lastName',
  );
});

test('a bad direction is refused with the allowed ones', () => {
  expect(errorOf('lastName up')).toBe('sortBy: unknown direction "up" at position 10; expected asc or desc');
});

test('an empty key between commas or at the end is refused', () => {
  expect(errorOf('lastName,,id')).toBe('sortBy: empty sort key at position 10; expected "field asc|desc"');
  expect(errorOf('lastName,')).toBe('sortBy: empty sort key at position 10; expected "field asc|desc"');
});

test('trailing garbage after a key is refused', () => {
  expect(errorOf('lastName asc desc')).toBe(
    'sortBy: unexpected "d" at position 14; expected asc, desc or ","',
  );
  expect(errorOf('lastName;id')).toBe('sortBy: unexpected ";" at position 9; expected asc, desc or ","');
});

test('a key not starting with a name is refused', () => {
  expect(errorOf('-lastName')).toBe('sortBy: unexpected "-" at position 1; expected a field name');
});
