/**
 * The last few values made, found again by a key that matches: a most-recent-first list bounded by
 * count and by bytes (an entry larger than the byte bound is kept alone, until the next one). For
 * the answers a mock gives again and again, where a Map would need a key built per request.
 */
export interface RecentList<K, V> {
  /** The value kept for a key `matches` accepts, moved to the front; undefined when none is. */
  find(key: K): V | undefined;
  /** Keeps `value` under `key` in front, dropping the oldest beyond the bounds; returns it. */
  add(key: K, value: V): V;
}

export interface RecentListOptions<K, V> {
  readonly count: number;
  readonly bytes: number;
  /** The bytes an entry holds on to. */
  readonly sizeOf: (key: K, value: V) => number;
  readonly matches: (kept: K, key: K) => boolean;
}

export function createRecentList<K, V>({
  count,
  bytes,
  sizeOf,
  matches,
}: RecentListOptions<K, V>): RecentList<K, V> {
  const entries: { readonly key: K; readonly value: V; readonly size: number }[] = [];
  return {
    find(key) {
      const index = entries.findIndex((entry) => matches(entry.key, key));
      const found = entries[index];
      if (!found) return undefined;
      if (index > 0) entries.unshift(...entries.splice(index, 1));
      return found.value;
    },
    add(key, value) {
      entries.unshift({ key, value, size: sizeOf(key, value) });
      let total = 0;
      for (const entry of entries) total += entry.size;
      while (entries.length > count || (entries.length > 1 && total > bytes))
        total -= entries.pop()?.size ?? 0;
      return value;
    },
  };
}
