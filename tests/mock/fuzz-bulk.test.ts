import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { arbitraryOf } from '../../openapi/schema-arbitrary.ts';
import { createValidator } from '../../openapi/schema-validator.ts';
import { bulkPath, mockClient } from '../support/mock-client.ts';

// Bodies generated from the document's own Bulk schema, and mutated to break one rule each, judged
// by the document's schema itself: the mock must accept what it allows (200, or 409 when a
// generated value repeats one already taken), refuse what it does not (400), and never answer 5xx.
// Seeded, so a failure replays; 1,500 cases, about ten seconds on a 2-core machine.
const plan = await loadPlan();
const body = plan.operation('addAccounts').body;
if (!body) throw new Error('addAccounts has no body');
const oracle = createValidator().compile(body.schema);
const validBodies = arbitraryOf(body.schema, { maxItems: 3 }).filter((value) => oracle(value));

type Mutation =
  'wrong type' | 'too long' | 'long but well-formed' | 'unknown property' | 'no required property';
const mutations: readonly Mutation[] = [
  'wrong type',
  'too long',
  'long but well-formed',
  'unknown property',
  'no required property',
];

/**
 * Values of a format, well-formed at any length: a format checks a value's shape, only maxLength
 * its size (a 9 MB date-time was once stored, and every page holding it then failed).
 */
const longWellFormed: readonly { readonly shape: RegExp; readonly value: string }[] = [
  { shape: /^\d{4}-\d\d-\d\dT/, value: `2026-01-01T00:00:00.${'1'.repeat(20_000)}Z` },
  { shape: /@/, value: `${'a'.repeat(20_000)}@example.com` },
];
const longValues = new Set(longWellFormed.map(({ value }) => value));

/** Every object and leaf of a value, with a way to change it in a copy. */
function places(value: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const found: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, i) => (found.push({ parent: node, key: i }), walk(item)));
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        found.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(value);
  return found;
}

function mutate(valid: unknown, mutation: Mutation, pick: number): unknown {
  const copy = structuredClone(valid);
  const all = places(copy);
  if (mutation === 'long but well-formed') {
    // Among the strings that have a format's shape (every item has an emailAddress).
    const formatted = all.flatMap(({ parent, key }) => {
      const value = (parent as Record<string | number, unknown>)[key];
      const long = longWellFormed.find(({ shape }) => typeof value === 'string' && shape.test(value));
      return long ? [{ parent, key, long: long.value }] : [];
    });
    const chosen = formatted[pick % Math.max(1, formatted.length)];
    if (chosen) (chosen.parent as Record<string | number, unknown>)[chosen.key] = chosen.long;
    return copy;
  }
  const at = all[pick % Math.max(1, all.length)];
  if (!at) return 'not an array';
  const { parent, key } = at;
  const target = (parent as Record<string | number, unknown>)[key];
  switch (mutation) {
    case 'wrong type':
      (parent as Record<string | number, unknown>)[key] = typeof target === 'string' ? 12345 : 'a string';
      break;
    case 'too long':
      (parent as Record<string | number, unknown>)[key] = 'x'.repeat(20_000);
      break;
    case 'unknown property':
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        (target as Record<string, unknown>).notInTheDocument = true;
      } else (parent as Record<string | number, unknown>)[key] = { notInTheDocument: true };
      break;
    case 'no required property':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
  }
  return copy;
}

describe('Bulk bodies generated from the document', () => {
  it('are answered as the document judges them, never with a 5xx', async () => {
    const { call } = await mockClient();
    const seen = { accepted: 0, refused: 0, conflicts: 0, longDateTimes: 0 };
    const cases = fc.oneof(
      validBodies,
      fc
        .tuple(validBodies, fc.constantFrom(...mutations), fc.nat())
        .map(([valid, mutation, pick]) => mutate(valid, mutation, pick)),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (sent) => {
        const answer = await call('POST', bulkPath, { body: sent });
        const allowed = oracle(sent);
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
        if (allowed) expect([200, 409], JSON.stringify(answer.body)).toContain(answer.status);
        else expect(answer.status, JSON.stringify(sent).slice(0, 500)).toBe(400);
        // The document bounds every string (tests/openapi/document.test.ts) far below 20,000
        // characters, so a well-formed value that long is refused whatever its format.
        const long = places(sent)
          .map(({ parent, key }) => (parent as Record<string | number, unknown>)[key])
          .find((value): value is string => typeof value === 'string' && longValues.has(value));
        if (long !== undefined) {
          expect(answer.status, long.slice(0, 40)).toBe(400);
          if (long.includes('T00:00:00.')) seen.longDateTimes++;
        }
        if (answer.status === 200) seen.accepted++;
        else if (answer.status === 409) seen.conflicts++;
        else seen.refused++;
      }),
      { seed: 20261202, numRuns: 1500 },
    );
    // Both kinds were really exercised.
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(400);
    expect(seen.longDateTimes).toBeGreaterThan(20);
  }, 120_000);
});
