import { expect, test } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { instantOf, scalarFields } from '../../mock/accounts/scalar-fields.ts';

test('instantOf reads ISO dates and date-times, UTC when no offset is given', () => {
  expect(instantOf('2024-01-31')).toBe(Date.UTC(2024, 0, 31));
  expect(instantOf('2024-01-31T09:30')).toBe(Date.UTC(2024, 0, 31, 9, 30));
  expect(instantOf('2024-01-31T09:30:00.1234567Z')).toBe(Date.UTC(2024, 0, 31, 9, 30, 0, 123));
  expect(instantOf('2024-01-31T10:30:00+01:00')).toBe(Date.UTC(2024, 0, 31, 9, 30));
  expect(instantOf('2024-02-30')).toBeNull();
  expect(instantOf('2024-01-31T09:60:00Z')).toBeNull();
  expect(instantOf('Jan 31 2024')).toBeNull();
});

test('scalarFields reads each field’s kind from the document’s CustomerAccount', async () => {
  const fields = scalarFields((await loadPlan()).schema('CustomerAccount'));
  expect(fields.get('id')).toBe('number');
  expect(fields.get('emailAddress')).toBe('string');
  expect(fields.get('isLocked')).toBe('boolean');
  expect(fields.get('customerSinceDate')).toBe('date-time');
  // Objects and arrays are neither filtered nor sorted on.
  expect(fields.has('contacts')).toBe(false);
  expect(fields.has('auditInfo')).toBe(false);
});
