import type { OpenAPIV3_1 } from 'openapi-types';
import { fieldValues, schemaAt, withFieldSet, type FieldPath } from '../openapi/field-paths.ts';

/** One item of a Bulk body: the account plus its write-only secrets. */
export type AccountItem = Record<string, unknown> & { account?: Record<string, unknown> };

/**
 * Data every run can recognise as its own, and nobody else's: emails under example.com (RFC 2606,
 * never delivered) and externalIds, both carrying the run id, so a read-back finds exactly what
 * the run created and the cleanup can sweep whatever a broken target created anyway.
 */
export interface TestData {
  readonly runId: string;
  /** Every email of the run starts with it. */
  readonly emailPrefix: string;
  /** Every externalId of the run starts with it. */
  readonly externalIdPrefix: string;
  /** A fresh label, unique within the run: `auth-3`. */
  label(kind: string): string;
  email(label: string): string;
  externalId(label: string): string;
  /** A minimal valid item: an account with a tagged email and externalId. */
  item(label: string, account?: Record<string, unknown>): AccountItem;
  /** True for an account this run created: its email or externalId carries the run's tag. */
  readonly isOurs: (account: Record<string, unknown>) => boolean;
}

export function newRunId(): string {
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${Date.now().toString(36)}${random}`;
}

export function createTestData(runId: string): TestData {
  let counter = 0;
  const emailPrefix = `contract+${runId}-`;
  const externalIdPrefix = `ct-${runId}-`;
  const email = (label: string) => `${emailPrefix}${label}@example.com`;
  const externalId = (label: string) => `${externalIdPrefix}${label}`;
  return {
    runId,
    emailPrefix,
    externalIdPrefix,
    label: (kind) => `${kind}-${++counter}`,
    email,
    externalId,
    item: (label, account = {}) => ({
      account: {
        emailAddress: email(label),
        externalId: externalId(label),
        firstName: 'Contract',
        lastName: `Check ${label}`,
        ...account,
      },
    }),
    isOurs: (account) =>
      (typeof account.emailAddress === 'string' &&
        account.emailAddress.toLowerCase().startsWith(emailPrefix)) ||
      (typeof account.externalId === 'string' && account.externalId.startsWith(externalIdPrefix)),
  };
}

/**
 * The batch of the happy path: three shoppers as real clients send them — a storefront sign-up
 * with a contact and a password, an import with its own userName and an external password hash,
 * and a bare account that leaves userName to its default.
 */
export function sampleBatch(data: TestData): AccountItem[] {
  const [first, second, third] = [data.label('bulk'), data.label('bulk'), data.label('bulk')];
  return [
    {
      ...data.item(first, {
        firstName: 'Ann',
        lastName: 'Contract',
        localeCode: 'en-US',
        acceptsMarketing: true,
        companyOrOrganization: 'Contract Test Co',
        contacts: [sampleContact(data, first)],
      }),
      password: `Ct-${data.runId}-Garden-1`,
    },
    {
      ...data.item(second, {
        userName: `ct-${data.runId}-user-${second}`,
        firstName: 'Marcus',
        lastName: 'Contract',
        taxExempt: true,
        taxId: 'TX-0042',
      }),
      // A bcrypt-shaped hash that belongs to no password: it must never come back.
      externalPassword: `$2b$10$${data.runId.padEnd(22, 'x')}abcdefghijklmnopqrstuvwxyz0`,
      isImport: true,
    },
    data.item(third, { firstName: 'Priya', lastName: 'Contract' }),
  ];
}

/**
 * A storefront's billing address for the account of `label`, primary for Billing: what a shopper
 * types in at checkout (a real Portland street, a fictional 555-01xx number).
 */
export function sampleContact(data: TestData, label: string): Record<string, unknown> {
  return {
    email: data.email(label),
    firstName: 'Ann',
    lastNameOrSurname: 'Contract',
    phoneNumbers: { mobile: '(503) 555-0142' },
    address: {
      address1: '1450 NW Everett St',
      cityOrTown: 'Portland',
      stateOrProvince: 'OR',
      postalOrZipCode: '97209',
      countryCode: 'US',
      addressType: 'Residential',
    },
    types: [{ name: 'Billing', isPrimary: true }],
  };
}

/**
 * The batch with a run-tagged value in each write-only field no item sets yet (in the first
 * item), valid for that field's schema: a password-like string within its maxLength, an email
 * for format email.
 */
export function withWriteOnlyValues(
  items: AccountItem[],
  writeOnly: readonly FieldPath[],
  itemSchema: OpenAPIV3_1.SchemaObject,
  data: TestData,
): AccountItem[] {
  const [first, ...rest] = items;
  if (!first) return items;
  let filled = first;
  writeOnly.forEach((path, i) => {
    if (items.some((item) => fieldValues(item, path).some(({ value }) => value != null))) return;
    const schema = schemaAt(itemSchema, path) ?? {};
    const tag = `Ct-${data.runId}-wo${i}`;
    const value =
      schema.format === 'email' ? data.email(`wo${i}`) : tag.slice(0, schema.maxLength ?? tag.length);
    filled = withFieldSet(filled, path, value) as AccountItem;
  });
  return [filled, ...rest];
}
