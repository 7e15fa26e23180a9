import fc from 'fast-check';
import { expect, it } from 'vitest';
import { jsonBytes } from '../../mock/http/json-bytes.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const frozen = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(frozen);
  }
  return value;
};

it('answers the bytes JSON.stringify gives, for pages of frozen accounts and anything else', () => {
  const account = frozen({ id: 1, name: 'Zoë 😀', tags: ['a', 'b'], note: undefined });
  const values: unknown[] = [
    1,
    'x',
    null,
    true,
    [],
    {},
    [undefined, () => 1, account],
    { startIndex: 0, items: [account, { id: 2 }, account], skipped: undefined, 'k"ey': 'v\n' },
    { at: new Date(0), deep: { deeper: { list: [1, undefined, NaN] } } },
    account,
  ];
  for (const value of values) expect.soft(text(jsonBytes(value))).toBe(JSON.stringify(value));
});

it('gives the same bytes again for a frozen account read a second time', () => {
  const account = frozen({ id: 7, emailAddress: 'ann@example.com' });
  const first = text(jsonBytes({ items: [account] }));
  expect(text(jsonBytes({ items: [account] }))).toBe(first);
});

it('reuses nothing for an object frozen only at its top, whose insides may still change', () => {
  const inner = { count: 1 };
  const account = Object.freeze({ id: 8, inner });
  jsonBytes({ items: [account] });
  inner.count = 2;
  expect(text(jsonBytes({ items: [account] }))).toBe(JSON.stringify({ items: [account] }));
});

it('answers what JSON.stringify gives for any JSON value, items frozen or not, keys in any script', () => {
  const item = fc.oneof(
    fc.jsonValue(),
    fc.jsonValue().map((value) => frozen(value)),
    fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue()),
  );
  const page = fc.record({
    [`startIndex`]: fc.nat(),
    items: fc.array(item, { maxLength: 8 }),
    note: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.oneof(page, item, fc.array(page, { maxLength: 3 })), (value) => {
      expect(text(jsonBytes(value))).toBe(JSON.stringify(value));
    }),
    { numRuns: 300 },
  );
});

it('hands out one buffer for a page of the same frozen items given again, a new one when an item differs', () => {
  const [a, b, c] = [1, 2, 3].map((id) => frozen({ id, emailAddress: `user${id}@example.com` }));
  const page = (items: unknown[]) => ({ startIndex: 0, pageSize: 2, items });
  const first = jsonBytes(page([a, b]));
  expect(jsonBytes(page([a, b]))).toBe(first);
  const other = jsonBytes(page([a, c]));
  expect(other).not.toBe(first);
  expect(text(other)).toBe(JSON.stringify(page([a, c])));
  expect(text(jsonBytes(page([a, { ...b }])))).toBe(JSON.stringify(page([a, b])));
});
