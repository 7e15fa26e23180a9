import { firstNames, lastNames } from './names.ts';
import { createPermutation } from './permutation.ts';

/** Who account i is: a name and the email address made of it. */
export interface Identity {
  readonly firstName: string;
  readonly lastName: string;
  readonly emailAddress: string;
}

export interface Identities {
  identity(index: number): Identity;
  /** The index whose email this is (case-insensitive), for any index ≥ 0; the dataset checks its size. */
  indexOfEmail(email: string): number | undefined;
}

// Reserved for documentation (RFC 2606 §3): nothing generated can ever reach a real mailbox.
const domains = ['example.com', 'example.net', 'example.org'] as const;

const nameCount = firstNames.length * lastNames.length;
// Codes [0, 3N): first.last on any of the three domains. Codes [3N, 4N): first_last, on a domain
// fixed by the name, so three in four addresses read first.last.
const dotted = nameCount * domains.length;
/** How many addresses exist before the lap number starts being appended. */
export const distinctEmailCount = dotted + nameCount;
const codeCount = distinctEmailCount;

const firstIndex = new Map(firstNames.map((name, k) => [name.key, k]));
const lastIndex = new Map(lastNames.map((name, k) => [name.key, k]));
const emailPattern = /^([a-z]+)([._])([a-z]+)([1-9][0-9]*)?@(.+)$/;

/**
 * Unique email addresses by construction, not by luck: a seeded permutation deals every index its
 * own (first name, last name, separator, domain) code, so index → address is one-to-one and can
 * be run backwards. Beyond the ≈ 4.7 million distinct addresses, the lap number is appended
 * (delia.hartmann2@…); names hold letters only, so the digits cannot be mistaken for a name.
 */
export function createIdentities(seed: number): Identities {
  const permutation = createPermutation(codeCount, seed);

  function identity(index: number): Identity {
    const lap = Math.floor(index / codeCount);
    const code = permutation.forward(index - lap * codeCount);
    const separator = code < dotted ? '.' : '_';
    const pair = code < dotted ? Math.floor(code / domains.length) : code - dotted;
    const domain = code < dotted ? code % domains.length : pair % domains.length;
    const first = firstNames[pair % firstNames.length];
    const last = lastNames[Math.floor(pair / firstNames.length)];
    if (!first || !last) throw new Error(`identity code ${code} is outside the name tables`);
    const local = `${first.key}${separator}${last.key}${lap > 0 ? lap : ''}`;
    return { firstName: first.display, lastName: last.display, emailAddress: `${local}@${domains[domain]}` };
  }

  function indexOfEmail(email: string): number | undefined {
    const match = emailPattern.exec(email.toLowerCase());
    if (!match) return undefined;
    const [, firstKey = '', separator, lastKey = '', lapDigits, domainName] = match;
    const first = firstIndex.get(firstKey);
    const last = lastIndex.get(lastKey);
    const domain = domains.findIndex((d) => d === domainName);
    if (first === undefined || last === undefined || domain < 0) return undefined;
    const pair = last * firstNames.length + first;
    if (separator === '_' && domain !== pair % domains.length) return undefined;
    const code = separator === '.' ? pair * domains.length + domain : dotted + pair;
    const index = Number(lapDigits ?? 0) * codeCount + permutation.inverse(code);
    return Number.isSafeInteger(index) ? index : undefined;
  }

  return { identity, indexOfEmail };
}
