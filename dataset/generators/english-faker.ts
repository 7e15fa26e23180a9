import type { Faker, LocaleDefinition, Randomizer } from '@faker-js/faker';
import { faker as english } from '@faker-js/faker/locale/en';

/*
 * `import … from '@faker-js/faker'` evaluates every locale faker ships (about a quarter of a second
 * at start-up); the English entry point evaluates one. That entry point exports only an instance,
 * so the class and the merged en + base definitions are taken from it.
 */

/** Faker's English definitions (en merged over base). */
export const englishDefinitions: LocaleDefinition = english.rawDefinitions;

type FakerClass = new (options: { locale: LocaleDefinition; randomizer: Randomizer }) => Faker;

/** A Faker of its own, with English data and the given randomizer: never the shared singleton. */
export function createEnglishFaker(randomizer: Randomizer): Faker {
  return new (english.constructor as FakerClass)({ locale: englishDefinitions, randomizer });
}
