import { expect, test } from 'vitest';
import {
  applyResponseFields,
  parseResponseFields,
  type FieldSelection,
} from '../../mock/http/response-fields.ts';

function selection(expr: string): FieldSelection {
  const parsed = parseResponseFields(expr);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function trim(value: unknown, expr: string): unknown {
  return applyResponseFields(value, selection(expr));
}

function errorOf(expr: string): string {
  const parsed = parseResponseFields(expr);
  return parsed.ok ? 'parsed' : parsed.message;
}

const account = () => ({
  id: 1001,
  emailAddress: 'ann.ortiz@example.com',
  firstName: 'Ann',
  isActive: true,
  customerSinceDate: null,
  contacts: [
    {
      id: 1,
      email: 'ann.ortiz@example.com',
      firstName: 'Ann',
      address: { address1: '12 Elm St', cityOrTown: 'Austin', countryCode: 'US' },
      types: [{ name: 'Billing', isPrimary: true }],
    },
    { id: 2, email: 'ann@work.example.com', firstName: 'Ann', address: null, types: null },
  ],
  auditInfo: { createDate: '2024-01-31T09:30:00Z', createBy: 'mock' },
});

const collection = () => ({
  startIndex: 0,
  pageSize: 2,
  pageCount: 1,
  totalCount: 2,
  items: [account(), { ...account(), id: 1002, emailAddress: 'bo@example.com', contacts: null }],
});

test('items(id,emailAddress) keeps only those two properties of every item', () => {
  expect(trim(collection(), 'items(id,emailAddress)')).toEqual({
    items: [
      { id: 1001, emailAddress: 'ann.ortiz@example.com' },
      { id: 1002, emailAddress: 'bo@example.com' },
    ],
  });
});

test('nested selections reach into arrays of objects and their objects', () => {
  expect(trim(collection(), 'items(id,contacts(email,address(countryCode)))')).toEqual({
    items: [
      {
        id: 1001,
        contacts: [
          { email: 'ann.ortiz@example.com', address: { countryCode: 'US' } },
          { email: 'ann@work.example.com', address: null },
        ],
      },
      { id: 1002, contacts: null },
    ],
  });
});

test('top-level names and nested ones mix: startIndex,items(id)', () => {
  expect(trim(collection(), 'startIndex,items(id)')).toEqual({
    startIndex: 0,
    items: [{ id: 1001 }, { id: 1002 }],
  });
});

test('a bare name keeps the whole value below it', () => {
  expect(trim(account(), 'auditInfo')).toEqual({
    auditInfo: { createDate: '2024-01-31T09:30:00Z', createBy: 'mock' },
  });
});

test('whitespace around names, commas and parentheses is allowed', () => {
  expect(trim(collection(), ' items ( id , emailAddress ) , totalCount ')).toEqual({
    totalCount: 2,
    items: [
      { id: 1001, emailAddress: 'ann.ortiz@example.com' },
      { id: 1002, emailAddress: 'bo@example.com' },
    ],
  });
});

test('names match case-insensitively and the output keeps the resource spelling', () => {
  expect(trim(collection(), 'ITEMS(Id,EMAILaddress)')).toEqual(trim(collection(), 'items(id,emailAddress)'));
});

test('unknown names select nothing', () => {
  expect(trim(collection(), 'nope,items(alsoNope)')).toEqual({ items: [{}, {}] });
});

test('a sub-selection on a scalar keeps the scalar', () => {
  expect(trim(account(), 'id(anything),firstName(x,y)')).toEqual({ id: 1001, firstName: 'Ann' });
});

test('null stays null, at the top and below', () => {
  expect(trim(null, 'items(id)')).toBeNull();
  expect(trim(account(), 'customerSinceDate(x)')).toEqual({ customerSinceDate: null });
});

test('a top-level array is trimmed element-wise', () => {
  expect(trim([account(), account()], 'id')).toEqual([{ id: 1001 }, { id: 1001 }]);
});

test('a repeated name merges its sub-selections', () => {
  expect(trim(account(), 'contacts(id),contacts(email)')).toEqual(trim(account(), 'contacts(id,email)'));
});

test('a bare name wins over a sub-selection of the same name, in either order', () => {
  const whole = { contacts: account().contacts };
  expect(trim(account(), 'contacts,contacts(id)')).toEqual(whole);
  expect(trim(account(), 'contacts(id),contacts')).toEqual(whole);
});

test('does not mutate its input', () => {
  const input = collection();
  const before = structuredClone(input);
  trim(input, 'items(id,contacts(email))');
  trim(input, 'totalCount');
  expect(input).toEqual(before);
});

test('a "__proto__" key in the data is kept as data, not as a prototype', () => {
  const input = JSON.parse('{"__proto__":{"polluted":true},"id":1}') as unknown;
  const trimmed = trim(input, '__proto__') as Record<string, unknown>;
  expect(Object.getPrototypeOf(trimmed)).toBe(Object.prototype);
  expect(Object.keys(trimmed)).toEqual(['__proto__']);
});

test('an empty or blank expression is an error', () => {
  expect(errorOf('')).toBe(
    'responseFields: empty expression; expected property names such as items(id,emailAddress)',
  );
  expect(errorOf('   ')).toMatch(/^responseFields: empty expression/);
});

test('an empty name between commas is reported at its position', () => {
  expect(errorOf('a,,b')).toBe(
    'responseFields: empty name at position 3; expected a property name before ","',
  );
});

test('empty parentheses are an empty name', () => {
  expect(errorOf('a()')).toBe(
    'responseFields: empty name at position 3; expected a property name before ")"',
  );
});

test('a trailing comma is an empty name at the end', () => {
  expect(errorOf('id,')).toBe(
    'responseFields: empty name at position 4; expected a property name before the end',
  );
});

test('an unclosed "(" is reported where it opens', () => {
  expect(errorOf('items(id')).toBe('responseFields: unbalanced "(" at position 6');
  expect(errorOf('items(id,contacts(email)')).toBe('responseFields: unbalanced "(" at position 6');
});

test('a ")" without its "(" is reported where it stands', () => {
  expect(errorOf('items)')).toBe('responseFields: unbalanced ")" at position 6');
  expect(errorOf('items(id))')).toBe('responseFields: unbalanced ")" at position 10');
});

test('trailing garbage after a name is refused', () => {
  expect(errorOf('items(id) totalCount')).toBe(
    'responseFields: unexpected "t" at position 11; expected "," or ")" after ")"',
  );
  expect(errorOf('id name')).toBe(
    'responseFields: unexpected "n" at position 4; expected ",", "(" or ")" after a name',
  );
});

test('characters outside names are refused with what names may contain', () => {
  expect(errorOf('email-address')).toBe(
    'responseFields: unexpected "-" at position 6; expected ",", "(" or ")" after a name; names are letters, digits and "_"',
  );
  expect(errorOf('1id')).toBe(
    'responseFields: unexpected "1" at position 1; names are letters, digits and "_", not starting with a digit',
  );
});

test('deep nesting parses without recursion limits', () => {
  const depth = 500;
  const expr = 'a('.repeat(depth) + 'b' + ')'.repeat(depth);
  expect(parseResponseFields(expr).ok).toBe(true);
});
