import { createAccountCache } from './account-cache.ts';
import { createEnglishFaker } from './generators/english-faker.ts';
import type { components } from '../openapi/types.gen.ts';
import { generateAccount } from './generators/account.ts';
import { derivedPassword } from './generators/password.ts';
import { createIdentities } from './generators/identities.ts';
import { createRandomizer } from './generators/randomizer.ts';

type CustomerAccount = components['schemas']['CustomerAccount'];

export interface DatasetOptions {
  readonly seed: number;
  /** How many accounts the dataset holds; none is stored, each is generated on demand. */
  readonly size: number;
  /** The dataset's clock, in ms since the epoch: every generated date is at or before it. */
  readonly now: number;
  /** The id of account 0; account i has id firstId + i. */
  readonly firstId?: number;
}

export interface Dataset {
  readonly size: number;
  readonly firstId: number;
  /**
   * Account `index`, the same object (by value) every time for the same seed and clock; frozen, as
   * one recently read is handed out again rather than generated anew.
   */
  account(index: number): CustomerAccount;
  /** Account `index`'s password, derived from (seed, index): the same in the mock and the seeder. */
  password(index: number): string;
  indexOfId(id: number): number | undefined;
  /** The fields `indexOfLogin` finds accounts by: a generated account logs in with its email. */
  readonly loginFields: readonly string[];
  /**
   * The index of the account whose emailAddress (= userName) this is, case-insensitively, without
   * a scan: generated addresses parse back to their index.
   */
  indexOfLogin(login: string): number | undefined;
}

const int32Max = 2 ** 31 - 1;

/*
 * Five pages of 200: a few MB of heap. Keys are dataset × 2^31 + index (indexes are int32), so the
 * datasets of every tenant share the one bound.
 */
const recentAccounts = createAccountCache<CustomerAccount>(1000);
let datasetsMade = 0;
// Generated accounts have userName = emailAddress, and their emails parse back to their index.
const loginFields = ['emailAddress', 'userName'] as const;
// Dates must print with four-digit years for format: date-time, nine years of history included.
const earliestNow = Date.parse('0010-01-01T00:00:00Z');
const latestNow = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A virtual dataset: account i is a pure function of (seed, i, now). A private Faker is re-seeded
 * with [seed, i] before each account, so pages agree with each other whatever order they are read
 * in, and a million accounts cost no more memory than ten.
 */
export function createDataset(options: DatasetOptions): Dataset {
  const { seed, size, now, firstId = 1001 } = options;
  check(Number.isSafeInteger(seed), `seed must be a safe integer (got ${seed})`);
  check(Number.isSafeInteger(size) && size >= 0, `size must be a non-negative integer (got ${size})`);
  check(
    Number.isSafeInteger(now) && now >= earliestNow && now <= latestNow,
    `now must be a whole number of ms between the years 10 and 9999 (got ${now})`,
  );
  check(
    Number.isSafeInteger(firstId) && firstId >= 1 && firstId + size - 1 <= int32Max,
    `ids firstId..firstId+size-1 must be positive int32 (got firstId ${firstId}, size ${size})`,
  );

  const faker = sharedFaker();
  const identities = createIdentities(seed);
  const contains = (index: number): boolean => Number.isInteger(index) && index >= 0 && index < size;
  const cacheKey = ++datasetsMade * 2 ** 31;

  return {
    size,
    firstId,
    account(index) {
      if (!contains(index))
        throw new RangeError(`account index must be an integer in [0, ${size}) (got ${index})`);
      const key = cacheKey + index;
      const kept = recentAccounts.get(key);
      if (kept !== undefined) return kept;
      faker.seed([seed, index]);
      return recentAccounts.add(
        key,
        generateAccount(faker, { id: firstId + index, now, identity: identities.identity(index) }),
      );
    },
    password(index) {
      if (!contains(index))
        throw new RangeError(`account index must be an integer in [0, ${size}) (got ${index})`);
      return derivedPassword(seed, index);
    },
    loginFields,
    indexOfId(id) {
      const index = id - firstId;
      return contains(index) ? index : undefined;
    },
    indexOfLogin(login) {
      const index = identities.indexOfEmail(login);
      return index !== undefined && contains(index) ? index : undefined;
    },
  };
}

/**
 * One Faker for every dataset of the process: it is re-seeded before each account and generation
 * is synchronous, so sharing it changes no account, and a tenant costs a few hundred bytes rather
 * than a Faker's tens of kilobytes (20,000 tenants once cost half a gigabyte).
 */
let faker: ReturnType<typeof createEnglishFaker> | undefined;
function sharedFaker() {
  return (faker ??= createEnglishFaker(createRandomizer()));
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`createDataset: ${message}`);
}
