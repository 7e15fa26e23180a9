import { expect, test } from 'vitest';
import { parseFilter, type Predicate } from '../../mock/accounts/filter-expression.ts';
import type { FieldKind } from '../../mock/accounts/scalar-fields.ts';

const fields = new Map<string, FieldKind>([
  ['id', 'number'],
  ['emailAddress', 'string'],
  ['lastName', 'string'],
  ['externalId', 'string'],
  ['isActive', 'boolean'],
  ['customerSinceDate', 'date-time'],
]);

const abc = new Map<string, FieldKind>([
  ['a', 'number'],
  ['b', 'number'],
  ['c', 'number'],
]);

function filter(expr: string, on: ReadonlyMap<string, FieldKind> = fields): Predicate {
  const parsed = parseFilter(expr, on);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function errorOf(expr: string): string {
  const parsed = parseFilter(expr, fields);
  return parsed.ok ? 'parsed' : parsed.message;
}

const ann = {
  id: 7,
  emailAddress: 'Ann.Ortiz@Example.com',
  lastName: 'Ortiz',
  externalId: null,
  isActive: true,
  customerSinceDate: '2024-01-31T09:30:00Z',
};
const bo = { id: 12, emailAddress: 'bo@example.com', lastName: "O'Brien", isActive: false };

test('eq on a string ignores case', () => {
  expect(filter("emailAddress eq 'ann.ortiz@example.COM'")(ann)).toBe(true);
  expect(filter("emailAddress eq 'ann'")(ann)).toBe(false);
});

test('ne on a string ignores case', () => {
  expect(filter("lastName ne 'ORTIZ'")(ann)).toBe(false);
  expect(filter("lastName ne 'Smith'")(ann)).toBe(true);
});

test('sw matches a case-insensitive prefix', () => {
  expect(filter("emailAddress sw 'ANN'")(ann)).toBe(true);
  expect(filter("emailAddress sw 'ortiz'")(ann)).toBe(false);
});

test('cont matches a case-insensitive substring', () => {
  expect(filter("emailAddress cont 'ORTIZ@'")(ann)).toBe(true);
  expect(filter("emailAddress cont 'smith'")(ann)).toBe(false);
});

test('ordering operators compare strings case-insensitively', () => {
  expect(filter("lastName gt 'm'")(ann)).toBe(true);
  expect(filter("lastName lt 'M'")(ann)).toBe(false);
  expect(filter("lastName ge 'ORTIZ'")(ann)).toBe(true);
  expect(filter("lastName le 'ortiz'")(ann)).toBe(true);
});

test('numbers compare numerically', () => {
  expect(filter('id gt 5')(ann)).toBe(true);
  expect(filter('id lt 10')(bo)).toBe(false);
  expect(filter('id ge 7 and id le 7')(ann)).toBe(true);
  expect(filter('id eq 7.0')(ann)).toBe(true);
  expect(filter('id gt -1.5e1')(ann)).toBe(true);
});

test('booleans take eq and ne with true or false', () => {
  expect(filter('isActive eq true')(ann)).toBe(true);
  expect(filter('isActive eq true')(bo)).toBe(false);
  expect(filter('isActive ne true')(bo)).toBe(true);
});

test('date-times compare as instants whatever their offset', () => {
  expect(filter("customerSinceDate eq '2024-01-31T10:30:00+01:00'")(ann)).toBe(true);
  expect(filter("customerSinceDate gt '2024-01-31T09:29:59.999Z'")(ann)).toBe(true);
  expect(filter("customerSinceDate lt '2024-01-31'")(ann)).toBe(false);
  expect(filter("customerSinceDate ge '2024-01-31'")(ann)).toBe(true);
});

test('a date-time without offset is read as UTC', () => {
  expect(filter("customerSinceDate eq '2024-01-31T09:30'")(ann)).toBe(true);
});

test('and binds tighter than or', () => {
  const predicate = filter('a eq 1 or b eq 2 and c eq 3', abc);
  // As a or (b and c): true; as (a or b) and c it would be false.
  expect(predicate({ a: 1, b: 0, c: 0 })).toBe(true);
  expect(predicate({ a: 0, b: 2, c: 0 })).toBe(false);
  expect(predicate({ a: 0, b: 2, c: 3 })).toBe(true);
});

test('parentheses override precedence', () => {
  const predicate = filter('(a eq 1 or b eq 2) and c eq 3', abc);
  expect(predicate({ a: 1, b: 0, c: 0 })).toBe(false);
  expect(predicate({ a: 1, b: 0, c: 3 })).toBe(true);
});

test('nested parentheses group as written', () => {
  const predicate = filter('a eq 1 and ((b eq 2) or (c eq 3))', abc);
  expect(predicate({ a: 1, b: 0, c: 3 })).toBe(true);
  expect(predicate({ a: 0, b: 2, c: 3 })).toBe(false);
});

test('a doubled quote inside a string is one quote', () => {
  expect(filter("lastName eq 'o''brien'")(bo)).toBe(true);
  expect(filter("lastName cont ''''")(bo)).toBe(true);
  expect(filter("lastName cont ''''")(ann)).toBe(false);
});

test('an empty string literal is allowed', () => {
  expect(filter("lastName eq ''")({ lastName: '' })).toBe(true);
  expect(filter("lastName sw ''")(ann)).toBe(true);
});

test('keywords, operators and field names are case-insensitive', () => {
  expect(filter("LASTNAME EQ 'ortiz' AND isactive Eq TRUE Or ID eq NULL")(ann)).toBe(true);
});

test('a null or missing field matches eq null and ne a value, nothing else', () => {
  const missing = { id: 1 };
  expect(filter('externalId eq null')(ann)).toBe(true);
  expect(filter('externalId eq null')(missing)).toBe(true);
  expect(filter("externalId ne 'x'")(missing)).toBe(true);
  expect(filter("externalId eq 'x'")(missing)).toBe(false);
  expect(filter("externalId sw ''")(missing)).toBe(false);
  expect(filter("externalId gt 'a'")(missing)).toBe(false);
  expect(filter("externalId lt 'z'")(missing)).toBe(false);
  expect(filter('externalId ne null')(missing)).toBe(false);
});

test('a present field matches ne null and not eq null', () => {
  expect(filter('lastName ne null')(ann)).toBe(true);
  expect(filter('lastName eq null')(ann)).toBe(false);
});

test('a record value of the wrong type counts as missing', () => {
  expect(filter('id eq null')({ id: '7' })).toBe(true);
  expect(filter('customerSinceDate eq null')({ customerSinceDate: 'yesterday' })).toBe(true);
});

test('an empty expression is an error naming the filterable fields', () => {
  expect(errorOf('  ')).toBe(
    'filter: empty expression; expected field op value; filterable fields: customerSinceDate, emailAddress, externalId, id, isActive, lastName',
  );
});

test('an unknown field names its position and the filterable fields', () => {
  expect(errorOf("emial eq 'a'")).toBe(
    'filter: unknown field "emial" at position 1; filterable fields: customerSinceDate, emailAddress, externalId, id, isActive, lastName',
  );
});

test('an unknown operator lists the operators', () => {
  expect(errorOf("lastName like 'a'")).toBe(
    'filter: expected an operator after "lastName" at position 10, found "like"; operators: eq, ne, gt, lt, ge, le, sw, cont',
  );
});

test('a missing operator is reported at the end', () => {
  expect(errorOf('lastName')).toBe(
    'filter: expected an operator after "lastName" at position 9, found the end of the expression; operators: eq, ne, gt, lt, ge, le, sw, cont',
  );
});

test('sw and cont do not apply to numbers', () => {
  expect(errorOf('id sw 1')).toBe(
    'filter: operator "sw" at position 4 does not apply to number field "id"; number fields take eq, ne, gt, lt, ge, le',
  );
  expect(errorOf("customerSinceDate cont '2024'")).toMatch(
    /operator "cont" .* does not apply to date-time field/,
  );
});

test('ordering operators do not apply to booleans', () => {
  expect(errorOf("isActive gt 'x'")).toBe(
    'filter: operator "gt" at position 10 does not apply to boolean field "isActive"; boolean fields take eq, ne',
  );
});

test('a value of the wrong type is a parse error naming what the field takes', () => {
  expect(errorOf("isActive eq 'true'")).toBe(
    'filter: expected true, false or null for "isActive" at position 13, found "\'true\'"',
  );
  expect(errorOf("id eq '7'")).toBe(
    'filter: expected a number or null for "id" at position 7, found "\'7\'"',
  );
  expect(errorOf('lastName eq 7')).toBe(
    'filter: expected a \'quoted string\' or null for "lastName" at position 13, found "7"',
  );
  expect(errorOf('lastName eq ortiz')).toMatch(
    /expected a 'quoted string' or null for "lastName" at position 13/,
  );
});

test('a date-time value must be a real ISO 8601 instant', () => {
  expect(errorOf("customerSinceDate gt '2024-02-30'")).toBe(
    'filter: expected a quoted ISO 8601 date-time such as \'2024-01-31T09:30:00Z\', or null for "customerSinceDate" at position 22, found "\'2024-02-30\'"',
  );
  expect(errorOf("customerSinceDate gt 'last week'")).toMatch(/ISO 8601/);
  expect(errorOf("customerSinceDate gt '2024-01-01T24:00:00Z'")).toMatch(/ISO 8601/);
});

test('null only works with eq and ne', () => {
  expect(errorOf('id gt null')).toBe('filter: null at position 7 only works with eq and ne');
});

test('a missing value is reported at the end', () => {
  expect(errorOf('id eq')).toBe(
    'filter: expected a number or null for "id" at position 6, found the end of the expression',
  );
});

test('an unterminated string is reported where it starts', () => {
  expect(errorOf("lastName eq 'O''Brien")).toBe(
    "filter: unterminated string starting at position 13; close it with '",
  );
});

test('an unclosed "(" is reported where it opens', () => {
  expect(errorOf('(id eq 1 or (id eq 2)')).toBe('filter: unbalanced "(" at position 1');
});

test('a ")" without its "(" is reported where it stands', () => {
  expect(errorOf('id eq 1)')).toBe('filter: unbalanced ")" at position 8');
});

test('trailing garbage after a comparison is refused', () => {
  expect(errorOf("lastName eq 'a' lastName")).toBe(
    'filter: unexpected "lastName" at position 17; expected "and" or "or"',
  );
  expect(errorOf("(lastName eq 'a' id eq 1)")).toBe(
    'filter: unexpected "id" at position 18; expected "and", "or" or ")"',
  );
});

test('a connective without a right side is reported', () => {
  expect(errorOf('id eq 1 and')).toBe(
    'filter: expected a field name at position 12, found the end of the expression',
  );
});

test('characters outside the grammar are refused', () => {
  expect(errorOf("lastName eq 'a' && id eq 1")).toBe('filter: unexpected character "&" at position 17');
});

test('nesting deeper than 32 parentheses is refused instead of overflowing the stack', () => {
  const deep = (n: number) => '('.repeat(n) + 'id eq 1' + ')'.repeat(n);
  expect(parseFilter(deep(32), fields).ok).toBe(true);
  expect(errorOf(deep(33))).toBe('filter: more than 32 nested "(" at position 33');
  expect(errorOf(deep(100_000))).toMatch(/more than 32 nested/);
});
