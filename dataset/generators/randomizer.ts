import type { Randomizer } from '@faker-js/faker';

/**
 * A Faker randomizer that is cheap to re-seed. The dataset re-seeds once per account, and Faker's
 * default Mersenne Twister spends ~35 µs rebuilding 624 words of state on each seed(), most of an
 * account's budget. sfc32 (Doty-Humphrey's Small Fast Counting generator, PractRand) keeps 128 bits
 * of state and seeds in nanoseconds.
 */
export function createRandomizer(): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;

  function nextU32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }

  return {
    next() {
      // 53 bits like Faker's default, so wide ranges (epoch milliseconds) are not coarsened.
      return ((nextU32() >>> 5) * 0x4000000 + (nextU32() >>> 6)) / 0x20000000000000;
    },
    seed(seed) {
      const words = (typeof seed === 'number' ? [seed] : seed).flatMap(toWords);
      const lane = (k: number): number => {
        let word = 0;
        for (let j = k; j < words.length; j += 4) word ^= words[j] ?? 0;
        return word;
      };
      // Each lane folds in the previous one, so the first four words map one-to-one onto the state:
      // distinct [seed, index] pairs can never share a stream.
      a = fmix32(lane(0) ^ 0x9e3779b9);
      b = fmix32(lane(1) ^ a);
      c = fmix32(lane(2) ^ b);
      d = fmix32(lane(3) ^ c);
      // The usual warm-up: sfc32's first outputs still echo similar seeds.
      for (let k = 0; k < 12; k++) nextU32();
    },
  };
}

/** Low and high 32 bits of an integer up to 2^53. */
function toWords(value: number): [number, number] {
  return [value >>> 0, Math.floor(value / 0x100000000) >>> 0];
}

/** MurmurHash3's finalizer: a bijection on 32-bit words that spreads every input bit. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
