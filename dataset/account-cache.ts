/**
 * The generated accounts read last, shared by every dataset of the process and bounded: a page read
 * again (a list a load test polls, the first page every client opens) is not generated again,
 * while a walk through a million accounts costs no more than `capacity` of them. Entries are
 * frozen, deeply: one object is now handed to every reader, so a reader that changed it would
 * change the dataset; freezing turns that bug into a TypeError instead of a silent drift.
 */
export interface AccountCache<T> {
  get(key: number, make: () => T): T;
  readonly size: number;
}

export function createAccountCache<T extends object>(capacity: number): AccountCache<T> {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently read first.
  const entries = new Map<number, T>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const made = deepFreeze(make());
      entries.set(key, made);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as number);
      return made;
    },
    get size() {
      return entries.size;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
