/**
 * The generated accounts read last, shared by every dataset of the process and bounded: a page read
 * again (a list a load test polls, the first page every client opens) is not generated again,
 * while a walk through a million accounts costs no more than `capacity` of them. Entries are
 * frozen, deeply: one object is now handed to every reader, so a reader that changed it would
 * change the dataset; freezing turns that bug into a TypeError instead of a silent drift.
 */
export interface AccountCache<T> {
  /** The entry kept under `key`, marked as read; undefined when it is not (or no longer) kept. */
  get(key: number): T | undefined;
  /** Keeps `value` (frozen, deeply) under `key`, evicting an entry when full; returns it. */
  add(key: number, value: T): T;
  readonly size: number;
}

/*
 * CLOCK (second chance) rather than a strict LRU: a hit only sets the entry's bit. An LRU kept in a
 * Map's insertion order deletes and re-inserts on every hit, 200 times per page read, and the
 * holes that leaves make V8 rebuild the Map's table every few pages: garbage that grew the heap
 * under read load. Here a hit allocates nothing (no `make` closure either: get, then add); the
 * hand passes over recently read entries (clearing their bit) and evicts the first one not read
 * since it last passed.
 */
export function createAccountCache<T extends object>(capacity: number): AccountCache<T> {
  if (!Number.isSafeInteger(capacity) || capacity < 1)
    throw new RangeError(`capacity must be a positive integer (got ${capacity})`);
  const slotOf = new Map<number, number>();
  const keys: number[] = [];
  const values: T[] = [];
  const read = new Uint8Array(capacity);
  let hand = 0;
  return {
    get(key) {
      const slot = slotOf.get(key);
      if (slot === undefined) return undefined;
      read[slot] = 1;
      return values[slot];
    },
    add(key, value) {
      const made = deepFreeze(value);
      const kept = slotOf.get(key);
      if (kept !== undefined) {
        values[kept] = made;
        return made;
      }
      let free = keys.length;
      if (free === capacity) {
        while (read[hand] === 1) {
          read[hand] = 0;
          hand = (hand + 1) % capacity;
        }
        free = hand;
        slotOf.delete(keys[free] as number);
        hand = (hand + 1) % capacity;
      }
      keys[free] = key;
      values[free] = made;
      read[free] = 0;
      slotOf.set(key, free);
      return made;
    },
    get size() {
      return slotOf.size;
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
