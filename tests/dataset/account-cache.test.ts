import { describe, expect, it } from 'vitest';
import { createAccountCache } from '../../dataset/account-cache.ts';

const entry = (label: string) => ({ label, nested: { tags: [label] } });

describe('createAccountCache', () => {
  it('hands out the object it kept', () => {
    const cache = createAccountCache<{ label: string }>(4);
    const kept = cache.add(1, { label: 'a' });
    expect(cache.get(1)).toBe(kept);
    expect(cache.get(2)).toBeUndefined();
  });

  it('freezes what it keeps, deeply', () => {
    const cache = createAccountCache<ReturnType<typeof entry>>(2);
    const kept = cache.add(1, entry('a'));
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept.nested.tags)).toBe(true);
  });

  it('never holds more than its capacity', () => {
    const cache = createAccountCache<object>(3);
    for (let key = 0; key < 50; key++) cache.add(key, entry(String(key)));
    expect(cache.size).toBe(3);
    expect([47, 48, 49].map((key) => cache.get(key)?.constructor)).toEqual([Object, Object, Object]);
  });

  it('keeps an entry read again over one that was not (second chance)', () => {
    const cache = createAccountCache<{ label: string }>(3);
    for (const key of [1, 2, 3]) cache.add(key, { label: String(key) });
    cache.get(1);
    cache.add(4, { label: '4' });
    expect(cache.get(1)?.label).toBe('1');
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(3)?.label).toBe('3');
    expect(cache.get(4)?.label).toBe('4');
  });

  it('replaces the entry of a key added again, without evicting another', () => {
    const cache = createAccountCache<{ label: string }>(2);
    cache.add(1, { label: 'old' });
    cache.add(2, { label: 'two' });
    cache.add(1, { label: 'new' });
    expect(cache.get(1)?.label).toBe('new');
    expect(cache.get(2)?.label).toBe('two');
    expect(cache.size).toBe(2);
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => createAccountCache(0)).toThrow(RangeError);
  });
});
