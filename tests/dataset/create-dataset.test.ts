import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../openapi/load-document.ts';
import type { components } from '../../openapi/types.gen.ts';
import { createDataset } from '../../dataset/create-dataset.ts';
import { tenantSeed } from '../../dataset/tenant-seed.ts';
import { distinctEmailCount } from '../../dataset/generators/identities.ts';
import { isoDate } from '../../dataset/generators/iso-date.ts';
import { usPlaces } from '../../dataset/generators/us-places.ts';
import { asSchema, createAjv, describeErrors } from '../openapi/helpers.ts';

type CustomerAccount = components['schemas']['CustomerAccount'];

const now = Date.parse('2026-01-15T12:00:00.000Z');
const million = createDataset({ seed: 42, size: 1_000_000, now });
const sample = (dataset = million, count = 2000): CustomerAccount[] =>
  Array.from({ length: count }, (_, i) => dataset.account(i));
const accounts = sample();

// First three digits of the ZIP codes each state uses (USPS), a second source for the place table.
const zipPrefixes = new Map(
  `AK:995-999 AL:350-369 AR:716-729 AZ:850-865 CA:900-961 CO:800-816 CT:060-069 DC:200-205
   DE:197-199 FL:320-349 GA:300-319,398-399 HI:967-968 IA:500-528 ID:832-838 IL:600-629
   IN:460-479 KY:400-427 LA:700-714 MA:010-027 MD:206-219 ME:039-049 MI:480-499 MN:550-567
   MO:630-658 MS:386-397 MT:590-599 NC:270-289 ND:580-588 NE:680-693 NH:030-038 NJ:070-089
   NM:870-884 NV:889-898 NY:100-149 OH:430-459 OK:730-749 OR:970-979 PA:150-196 RI:028-029
   SC:290-299 SD:570-577 TN:370-385 TX:750-799 UT:840-847 VA:201-201,220-246 VT:050-059
   WA:980-994 WI:530-549 WV:247-268 WY:820-831`
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [state = '', ranges = ''] = entry.split(':');
      return [state, ranges.split(',').map((range) => range.split('-').map(Number))] as const;
    }),
);
// Canada Post: the first letter of a postal code names the province.
const caFirstLetters: Record<string, string> = {
  ON: 'KLMNP',
  QC: 'GHJ',
  BC: 'V',
  AB: 'T',
  MB: 'R',
  SK: 'S',
  NS: 'B',
};

function dates(value: unknown, path = ''): { path: string; value: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, k) => dates(item, `${path}[${k}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    /Date$/.test(key) && typeof child === 'string'
      ? [{ path: `${path}.${key}`, value: child }]
      : dates(child, `${path}.${key}`),
  );
}

const addresses = (list: CustomerAccount[]) =>
  list.flatMap((account) =>
    (account.contacts ?? []).flatMap((contact) => (contact.address ? [contact.address] : [])),
  );

it('generates the same account for the same seed, index and clock, whatever was generated before', () => {
  const first = createDataset({ seed: 42, size: 1_000_000, now });
  const five = first.account(5);
  first.account(3);
  first.account(999_999);
  expect(first.account(5)).toEqual(five);
  expect(createDataset({ seed: 42, size: 1_000_000, now }).account(5)).toEqual(five);
});

it('does not change existing accounts when the dataset grows or starts at another id', () => {
  const small = createDataset({ seed: 42, size: 10, now });
  const shifted = createDataset({ seed: 42, size: 10, now, firstId: 5001 });
  expect(small.account(7)).toEqual(million.account(7));
  expect({ ...shifted.account(7), id: 0, contacts: [] }).toEqual({
    ...million.account(7),
    id: 0,
    contacts: [],
  });
  expect(shifted.account(7).id).toBe(5008);
  expect(shifted.account(7).contacts?.every((contact) => contact.accountId === 5008)).toBe(true);
});

it('generates different accounts for different seeds', () => {
  const other = createDataset({ seed: 43, size: 1_000_000, now });
  const differing = [0, 1, 2, 3, 4].filter(
    (i) =>
      JSON.stringify({ ...other.account(i), id: 0 }) !== JSON.stringify({ ...million.account(i), id: 0 }),
  );
  expect(differing).toHaveLength(5);
  expect(other.account(0).emailAddress).not.toBe(million.account(0).emailAddress);
});

it('generates accounts the document accepts as CustomerAccount, first and last pages alike', async () => {
  const { document } = await loadDocument();
  const ajv = createAjv(document);
  const validate = ajv.compile(asSchema(document.components?.schemas?.CustomerAccount, 'CustomerAccount'));
  const indexes = [
    ...Array.from({ length: 301 }, (_, i) => i),
    ...Array.from({ length: 20 }, (_, k) => 999_980 + k),
  ];
  for (const index of indexes) {
    const valid = validate(million.account(index));
    expect(valid, `account ${index}:\n${describeErrors(ajv, validate.errors)}`).toBe(true);
  }
});

it('gives every account a unique email address made of its name, on a reserved example domain', () => {
  const emails = accounts.map((account) => account.emailAddress?.toLowerCase());
  expect(new Set(emails).size).toBe(accounts.length);
  for (const account of accounts) {
    expect(account.emailAddress).toMatch(/^[a-z]+[._][a-z]+@example\.(com|net|org)$/);
    const [local = ''] = account.emailAddress?.split('@') ?? [];
    const key = (name: string | null | undefined) =>
      (name ?? '')
        .normalize('NFD')
        .toLowerCase()
        .replace(/[^a-z]/g, '');
    expect(local.split(/[._]/)).toEqual([key(account.firstName), key(account.lastName)]);
    expect(account.userName).toBe(account.emailAddress);
  }
});

it('appends a lap number once the distinct names run out, and still parses the address back', () => {
  const huge = createDataset({ seed: 42, size: 2 ** 31 - 1001, now });
  const base = huge.account(123);
  const again = huge.account(123 + distinctEmailCount);
  expect([again.firstName, again.lastName]).toEqual([base.firstName, base.lastName]);
  expect(again.emailAddress).toBe(base.emailAddress?.replace('@', '1@'));
  const last = huge.size - 1;
  const email = huge.account(last).emailAddress ?? '';
  expect(email).toMatch(/^[a-z]+[._][a-z]+[1-9][0-9]*@example\.(com|net|org)$/);
  expect(huge.indexOfLogin(email)).toBe(last);
  expect(huge.indexOfLogin(email.replace('@', '0@'))).toBeUndefined();
});

it('finds an account by its login case-insensitively, and nothing for other logins', () => {
  for (const index of [0, 1, 17, 1999, 999_999]) {
    const email = million.account(index).emailAddress ?? '';
    expect(million.indexOfLogin(email)).toBe(index);
    expect(million.indexOfLogin(email.toUpperCase())).toBe(index);
  }
  const small = createDataset({ seed: 42, size: 100, now });
  expect(small.indexOfLogin(million.account(999_999).emailAddress ?? '')).toBeUndefined();
  expect(million.indexOfLogin('shopper1@example.com')).toBeUndefined();
  expect(million.indexOfLogin('delia.hartmann@gmail.com')).toBeUndefined();
  expect(million.indexOfLogin('not an email')).toBeUndefined();
});

it('puts US addresses in a city, state and ZIP that belong together', () => {
  const places = new Set(usPlaces.map((place) => `${place.city}|${place.state}|${place.zip}`));
  const us = addresses(accounts).filter((address) => address.countryCode === 'US');
  expect(us.length).toBeGreaterThan(1000);
  for (const address of us) {
    expect(places, JSON.stringify(address)).toContain(
      `${address.cityOrTown}|${address.stateOrProvince}|${address.postalOrZipCode}`,
    );
  }
});

it('lists only ZIP codes that lie in their state, in the US place table', () => {
  for (const place of usPlaces) {
    const prefix = Number(place.zip.slice(0, 3));
    const ranges = zipPrefixes.get(place.state) ?? [];
    expect(
      ranges.some(([low = 0, high = 0]) => prefix >= low && prefix <= high),
      `${place.city}, ${place.state} ${place.zip}`,
    ).toBe(true);
    expect(place.zip).toMatch(/^\d{5}$/);
  }
});

it('writes Canadian and British postal codes in their national formats', () => {
  const foreign = addresses(sample(million, 6000)).filter((address) => address.countryCode !== 'US');
  expect(foreign.some((address) => address.countryCode === 'CA')).toBe(true);
  expect(foreign.some((address) => address.countryCode === 'GB')).toBe(true);
  for (const address of foreign) {
    const code = address.postalOrZipCode ?? '';
    if (address.countryCode === 'CA') {
      expect(code).toMatch(/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPR-TV-Z] \d[ABCEGHJ-NPR-TV-Z]\d$/);
      expect(caFirstLetters[address.stateOrProvince ?? '']).toContain(code[0]);
    } else {
      expect(address.countryCode).toBe('GB');
      expect(code).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/);
    }
  }
});

it('formats phone numbers in the fictional ranges: 555-01xx in North America, Ofcom drama numbers in the UK', () => {
  const phones = accounts.flatMap((account) =>
    (account.contacts ?? []).flatMap((contact) => {
      const country = contact.address?.countryCode;
      const numbers = [
        contact.phoneNumbers?.home,
        contact.phoneNumbers?.mobile,
        contact.phoneNumbers?.work,
        contact.faxNumber,
      ];
      return numbers.flatMap((number) => (number ? [{ country, number }] : []));
    }),
  );
  expect(phones.length).toBeGreaterThan(1000);
  for (const { country, number } of phones) {
    if (country === 'GB') expect(number).toMatch(/^(0\d{2,3} \d{3,4} 0\d{3}|07700 900\d{3})$/);
    else expect(number).toMatch(/^\(\d{3}\) 555-01\d{2}$/);
  }
});

it('gives every account with contacts exactly one primary billing and one primary shipping contact', () => {
  for (const account of accounts) {
    const types = (account.contacts ?? []).flatMap((contact) => contact.types ?? []);
    if (types.length === 0) continue;
    expect(types.filter((type) => type.name === 'Billing' && type.isPrimary)).toHaveLength(1);
    expect(types.filter((type) => type.name === 'Shipping' && type.isPrimary)).toHaveLength(1);
    expect(types.every((type) => type.name === 'Billing' || type.name === 'Shipping')).toBe(true);
  }
});

it('keeps the commerce summary consistent with the order count and the customer\u2019s history', () => {
  const withOrders = accounts.filter((account) => (account.commerceSummary?.orderCount ?? 0) > 0);
  expect(withOrders.length).toBeGreaterThan(accounts.length / 2);
  expect(withOrders.length).toBeLessThan(accounts.length);
  for (const account of accounts) {
    const summary = account.commerceSummary;
    const orders = summary?.orderCount ?? 0;
    const amount = summary?.totalOrderAmount?.amount ?? NaN;
    expect(summary?.totalOrderAmount?.currencyCode).toBe('USD');
    expect(Math.round(amount * 100) / 100).toBe(amount);
    if (orders === 0) {
      expect(amount).toBe(0);
      expect(summary?.lastOrderDate).toBeNull();
    } else {
      expect(amount / orders).toBeGreaterThanOrEqual(15);
      expect(amount / orders).toBeLessThanOrEqual(400);
      const last = Date.parse(summary?.lastOrderDate ?? '');
      expect(last).toBeGreaterThanOrEqual(Date.parse(account.customerSinceDate ?? ''));
      expect(last).toBeLessThanOrEqual(now);
    }
    expect(summary?.visitsCount ?? 0).toBeGreaterThanOrEqual(orders);
  }
});

it('dates every account and its parts at or before now, and updates at or after creation', () => {
  for (const account of [...accounts, million.account(999_999)]) {
    for (const { path, value } of dates(account)) {
      expect(new Date(value).toISOString(), path).toBe(value);
      expect(Date.parse(value), path).toBeLessThanOrEqual(now);
    }
    const created = Date.parse(account.auditInfo?.createDate ?? '');
    expect(account.auditInfo?.createDate).toBe(account.customerSinceDate);
    expect(Date.parse(account.auditInfo?.updateDate ?? '')).toBeGreaterThanOrEqual(created);
    for (const contact of account.contacts ?? []) {
      expect(Date.parse(contact.auditInfo?.createDate ?? '')).toBeGreaterThanOrEqual(created);
      expect(Date.parse(contact.auditInfo?.updateDate ?? '')).toBeLessThanOrEqual(
        Date.parse(account.auditInfo?.updateDate ?? ''),
      );
    }
    if (account.last2FaDate) expect(Date.parse(account.last2FaDate)).toBeGreaterThanOrEqual(created);
  }
});

it('formats instants exactly as Date#toISOString does, leap days and century years included', () => {
  const edges = [
    '2000-02-29T23:59:59.999Z',
    '1900-03-01T00:00:00.000Z',
    '2100-02-28T12:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
  ];
  for (const text of edges) expect(isoDate(Date.parse(text))).toBe(text);
  const from = Date.parse('0010-01-01T00:00:00Z');
  const span = Date.parse('9999-12-31T23:59:59.999Z') - from;
  for (let k = 0; k < 20_000; k++) {
    const ms = from + Math.floor((((k * 2654435761) % 4294967296) / 4294967296) * span);
    expect(isoDate(ms)).toBe(new Date(ms).toISOString());
  }
});

it('mixes mostly active consumer accounts with a few business, locked, inactive and tax-exempt ones', () => {
  const share = (test: (account: CustomerAccount) => boolean) =>
    accounts.filter(test).length / accounts.length;
  expect(share((a) => a.accountType === 'B2C')).toBeGreaterThan(0.85);
  expect(share((a) => a.accountType === 'B2B')).toBeGreaterThan(0.03);
  expect(share((a) => a.isLocked === true)).toBeGreaterThan(0.005);
  expect(share((a) => a.isLocked === true)).toBeLessThan(0.05);
  expect(share((a) => a.isActive === false)).toBeGreaterThan(0.005);
  expect(share((a) => a.isActive === false)).toBeLessThan(0.08);
  expect(share((a) => a.acceptsMarketing === true)).toBeGreaterThan(0.3);
  expect(share((a) => a.acceptsMarketing === true)).toBeLessThan(0.6);
  expect(share((a) => a.taxExempt === true)).toBeLessThan(0.05);
  expect(share((a) => a.localeCode === 'en-US')).toBeGreaterThan(0.8);
  expect(new Set(accounts.map((account) => account.userId)).size).toBe(accounts.length);
  for (const account of accounts) {
    expect(account.companyOrOrganization != null).toBe(account.accountType === 'B2B');
    expect(account.taxId != null).toBe(account.taxExempt);
    expect(account).toMatchObject({
      isAnonymous: false,
      hasExternalPassword: false,
      migrationRequired: false,
    });
    expect(account.userId).toMatch(/^[0-9a-f]{32}$/);
  }
});

it('draws segments from one fixed list, with the same id, code and name in every account', () => {
  const byId = new Map<number, string>();
  for (const segment of accounts.flatMap((account) => account.segments ?? [])) {
    const label = `${segment.code}|${segment.name}`;
    expect(byId.get(segment.id ?? -1) ?? label).toBe(label);
    byId.set(segment.id ?? -1, label);
  }
  expect(byId.size).toBeGreaterThanOrEqual(5);
  const b2b = accounts.find((account) => account.accountType === 'B2B');
  expect(b2b?.segments?.map((segment) => segment.code)).toContain('WHOLESALE');
});

it('adds notes and tenant attributes to some accounts only', () => {
  const notes = accounts.flatMap((account) => account.notes ?? []);
  const attributes = accounts.flatMap((account) => account.attributes ?? []);
  expect(notes.length).toBeGreaterThan(50);
  expect(notes.length).toBeLessThan(accounts.length);
  expect(attributes.length).toBeGreaterThan(100);
  for (const attribute of attributes)
    expect(attribute.fullyQualifiedName).toMatch(/^tenant~[a-z]+(-[a-z]+)*$/);
  for (const note of notes) expect(note.content).toMatch(/\u2014[A-Z]{2}$/);
});

it('maps ids to indexes and back, and rejects ids outside the dataset', () => {
  const dataset = createDataset({ seed: 1, size: 50, now });
  expect(dataset.firstId).toBe(1001);
  for (const index of [0, 1, 49]) expect(dataset.indexOfId(dataset.account(index).id ?? -1)).toBe(index);
  for (const id of [1000, 1051, 0, -5, 1001.5, Number.NaN]) expect(dataset.indexOfId(id)).toBeUndefined();
  expect(() => dataset.account(50)).toThrow(RangeError);
  expect(() => dataset.account(-1)).toThrow(RangeError);
  expect(() => dataset.account(1.5)).toThrow(RangeError);
});

it('refuses options that would give ids beyond int32 or dates it cannot write', () => {
  expect(() => createDataset({ seed: 1, size: 2 ** 31, now })).toThrow(/int32/);
  expect(() => createDataset({ seed: 1, size: 10, now, firstId: 0 })).toThrow(/firstId/);
  expect(() => createDataset({ seed: 1.5, size: 10, now })).toThrow(/seed/);
  expect(() => createDataset({ seed: 1, size: 10, now: Number.NaN })).toThrow(/now/);
});

describe('generated passwords', () => {
  it('derive from (seed, index): stable, distinct per account and per tenant', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    const first = createDataset({ seed: tenantSeed(1, 100000), size: 500, now });
    const again = createDataset({ seed: tenantSeed(1, 100000), size: 500, now });
    const otherTenant = createDataset({ seed: tenantSeed(1, 100001), size: 500, now });
    const passwords = new Set(Array.from({ length: 500 }, (_, i) => first.password(i)));
    expect(passwords.size).toBe(500);
    expect(again.password(42)).toBe(first.password(42));
    expect(otherTenant.password(42)).not.toBe(first.password(42));
    for (const password of passwords) expect(password).toMatch(/^Sd7!.{20}$/);
    expect(() => first.password(500)).toThrow(RangeError);
  });
});
