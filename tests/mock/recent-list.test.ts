import { describe, expect, it } from 'vitest';
import { createRecentList } from '../../mock/http/recent-list.ts';

const list = (count: number, bytes: number) =>
  createRecentList<string, string>({
    count,
    bytes,
    sizeOf: (_, value) => value.length,
    matches: (kept, key) => kept === key,
  });

describe('createRecentList', () => {
  it('finds what it kept under a matching key, and nothing under another', () => {
    const recent = list(4, 100);
    recent.add('a', 'value of a');
    expect(recent.find('a')).toBe('value of a');
    expect(recent.find('b')).toBeUndefined();
  });

  it('drops the least recently found beyond its count', () => {
    const recent = list(2, 100);
    recent.add('a', '1');
    recent.add('b', '2');
    recent.find('a');
    recent.add('c', '3');
    expect([recent.find('a'), recent.find('b'), recent.find('c')]).toEqual(['1', undefined, '3']);
  });

  it('drops the oldest beyond its bytes, but keeps one entry larger than the bound', () => {
    const recent = list(8, 10);
    recent.add('a', 'x'.repeat(6));
    recent.add('b', 'y'.repeat(6));
    expect(recent.find('a')).toBeUndefined();
    recent.add('big', 'z'.repeat(50));
    expect(recent.find('big')).toHaveLength(50);
    expect(recent.find('b')).toBeUndefined();
  });
});
