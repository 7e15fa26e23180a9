import { englishDefinitions as en } from './english-faker.ts';
import { surnames } from './surnames.ts';

/** A name as shown, and the lowercase ASCII letters an email address makes of it. */
export interface Name {
  readonly display: string;
  readonly key: string;
}

/** "Anaïs" → "anais", "O'Brien" → "obrien": what an email local part keeps of a name. */
export function emailKey(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** One entry per distinct key, so a key names exactly one entry and email addresses parse back. */
function distinct(names: readonly string[]): readonly Name[] {
  const byKey = new Map<string, Name>();
  for (const display of names) {
    const key = emailKey(display);
    if (key && !byKey.has(key)) byKey.set(key, { display, key });
  }
  return [...byKey.values()];
}

// Faker's gendered lists; its "generic" list mixes in words such as Medusa or Saturn.
const fakerFirstNames = en.person?.first_name;
export const firstNames = distinct([...(fakerFirstNames?.female ?? []), ...(fakerFirstNames?.male ?? [])]);
export const lastNames = distinct(surnames);
