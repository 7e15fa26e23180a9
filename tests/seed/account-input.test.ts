import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../../contracts/schema-validator.ts';
import { createDataset } from '../../dataset/create-dataset.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { formatFieldPath } from '../../openapi/field-paths.ts';
import { accountInputOf } from '../../seed/account-input.ts';
import { bulkLimits } from '../../seed/bulk-limits.ts';

const now = Date.parse('2026-11-27T10:00:00Z');
const plan = await loadPlan();
const bulk = plan.operation('addAccounts');
const accountInput = accountInputOf(bulk);
// What the document marks as the server's, as key paths (`.account.contacts[3].id` → `.account.contacts[].id`).
const serverKept = new Set((bulk.body?.rules.readOnly ?? []).map((path) => `.${formatFieldPath(path)}`));

/** Every key anywhere in a JSON value, with its path. */
function keyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, k) => keyPaths(item, `${path}[${k}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${path}.${key}`,
    ...keyPaths(child, `${path}.${key}`),
  ]);
}

describe('accountInput', () => {
  it('turns generated accounts into Bulk bodies the document accepts, a full batch at a time', async () => {
    const plan = await loadPlan();
    const bodySchema = plan.operation('addAccounts').body?.schema;
    if (!bodySchema) throw new Error('addAccounts has no JSON body');
    const { maxItems } = bulkLimits(plan);
    const validate = createSchemaValidator();
    for (const seed of [1, 77]) {
      const dataset = createDataset({ seed, size: maxItems, now });
      const body = Array.from({ length: maxItems }, (_, i) => ({
        ...accountInput(dataset.account(i)),
        password: dataset.password(i),
      }));
      expect(validate(bodySchema, body)).toEqual([]);
    }
  });

  it('leaves out every field the document marks readOnly: ids, userId, audit info, commerce summary', () => {
    const dataset = createDataset({ seed: 5, size: 500, now });
    const paths = Array.from({ length: 500 }, (_, i) => keyPaths(accountInput(dataset.account(i)))).flat();
    const kept = paths.filter((path) => serverKept.has(path.replace(/\[\d+\]/g, '[]')));
    expect(kept).toEqual([]);
    // The generator does fill these in, so the check above is not vacuous.
    expect(keyPaths(dataset.account(0)).some((path) => path.endsWith('.auditInfo'))).toBe(true);
  });

  it('keeps who the shopper is, their contacts and the notes, and marks the item an import', () => {
    const dataset = createDataset({ seed: 5, size: 500, now });
    const accounts = Array.from({ length: 500 }, (_, i) => dataset.account(i));
    const inputs = accounts.map(accountInput);
    inputs.forEach((input, i) => {
      const account = accounts[i];
      expect.soft(input.isImport).toBe(true);
      expect.soft(input.account.emailAddress).toBe(account?.emailAddress);
      expect.soft(input.account.lastName).toBe(account?.lastName);
      expect.soft(input.account.contacts?.length ?? 0).toBe(account?.contacts?.length ?? 0);
      expect
        .soft(input.account.notes?.map((note) => note.content))
        .toEqual(account?.notes?.length ? account.notes.map((note) => note.content) : undefined);
      expect.soft(input.account.segments).toBeUndefined();
      expect.soft(input.account.attributes).toBeUndefined();
    });
    expect(inputs.some((input) => (input.account.notes?.length ?? 0) > 0)).toBe(true);
    expect(inputs.some((input) => (input.account.contacts?.length ?? 0) > 1)).toBe(true);
  });

  it('sends no nulls and no empty lists', () => {
    const dataset = createDataset({ seed: 9, size: 300, now });
    for (let i = 0; i < 300; i++) {
      const text = JSON.stringify(accountInput(dataset.account(i)));
      expect.soft(text).not.toContain('null');
      expect.soft(text).not.toContain('[]');
    }
  });
});

describe('generated passwords', () => {
  it('meet the usual password rules: long, with upper and lower case, a digit and a symbol', () => {
    const dataset = createDataset({ seed: 3, size: 200, now });
    for (let i = 0; i < 200; i++) {
      const password = dataset.password(i);
      expect.soft(password.length).toBeGreaterThanOrEqual(16);
      expect.soft(password).toMatch(/[A-Z]/);
      expect.soft(password).toMatch(/[a-z]/);
      expect.soft(password).toMatch(/\d/);
      expect.soft(password).toMatch(/[^A-Za-z0-9]/);
    }
  });
});
