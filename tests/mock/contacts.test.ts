import { afterAll, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import {
  accountItem,
  accountsPath,
  bulkPath,
  fixedNow,
  fullClient,
  mockClient,
} from '../support/mock-client.ts';

type ContactType = { name?: string | null; isPrimary?: boolean };
type AuditInfo = {
  createBy?: string | null;
  createDate?: string | null;
  updateBy?: string | null;
  updateDate?: string | null;
};
type Contact = Record<string, unknown> & {
  id: number;
  accountId: number;
  label?: string | null;
  types?: ContactType[] | null;
  auditInfo: AuditInfo;
};
type Account = { id: number; userId: string; userName: string; contacts?: Contact[]; auditInfo: AuditInfo };
type Page<T> = { startIndex: number; pageSize: number; pageCount: number; totalCount: number; items: T[] };
type ErrorBody = {
  message: string;
  errorCode: string;
  additionalErrorData: { name: string; value: string }[];
};

const client = await mockClient();
const { call, mock } = client;
afterAll(() => expectAllConform(client.exchanges));

const contactsPath = (accountId: number) => `${accountsPath}/${accountId}/contacts`;
const contactPath = (accountId: number, contactId: number) => `${contactsPath(accountId)}/${contactId}`;

/** A contact as a storefront sends it. */
const contact = (label: string, types: ContactType[] = []) => ({
  label,
  email: 'ann.lee@example.com',
  firstName: 'Ann',
  lastNameOrSurname: 'Lee',
  address: { address1: '920 SW 6th Ave', cityOrTown: 'Portland', countryCode: 'US' },
  types,
});
const billing = (isPrimary: boolean) => ({ name: 'Billing', isPrimary });

const generated = ((await call('GET', `${accountsPath}?pageSize=200`)).body as Page<Account>).items;
/** Generated accounts with at least `n` contacts, each test taking its own so they do not interfere. */
const withContacts = (n: number) => generated.filter((a) => (a.contacts?.length ?? 0) >= n);
const [listed, sorted, primaries, counted, other, shopperOwn] = withContacts(2);
const [lifecycle, replaced, filled, removed] = generated.filter((a) => a.contacts?.length === 1);

async function contactsOf(accountId: number, query = ''): Promise<Page<Contact>> {
  const answer = await call('GET', `${contactsPath(accountId)}${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Page<Contact>;
}

async function add(accountId: number, body: unknown): Promise<Contact> {
  const answer = await call('POST', contactsPath(accountId), { body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Contact;
}

const ids = (contacts: readonly Contact[]) => contacts.map((c) => c.id);
const primaryFor = (contacts: readonly Contact[], use: string) =>
  contacts.filter((c) => c.types?.some((t) => t.name?.toLowerCase() === use && t.isPrimary)).map((c) => c.id);

it('lists a generated account’s contacts, the ones Get Accounts shows, as one page of 20', async () => {
  if (!listed) throw new Error('the dataset has no account with two contacts');
  const page = await contactsOf(listed.id);
  expect.soft(page).toMatchObject({ startIndex: 0, pageSize: 20, pageCount: 1 });
  expect.soft(page.totalCount).toBe(listed.contacts?.length);
  expect(page.items).toEqual(listed.contacts);
});

it('pages contacts with startIndex and pageSize, pageCount the pages of that size', async () => {
  if (!listed?.contacts) throw new Error('no account');
  const all = listed.contacts;
  const second = await contactsOf(listed.id, '?startIndex=1&pageSize=1');
  expect
    .soft(second)
    .toMatchObject({ startIndex: 1, pageSize: 1, pageCount: all.length, totalCount: all.length });
  expect(second.items).toEqual([all[1]]);
  expect((await contactsOf(listed.id, '?pageSize=0')).pageSize).toBe(20);
  expect((await contactsOf(listed.id, `?startIndex=${all.length}`)).items).toEqual([]);
});

it('answers 400 for a pageSize over 200', async () => {
  if (!listed) throw new Error('no account');
  expect((await call('GET', `${contactsPath(listed.id)}?pageSize=201`)).status).toBe(400);
});

it('sorts contacts by a contact field, descending', async () => {
  if (!sorted) throw new Error('no account');
  const page = await contactsOf(sorted.id, '?sortBy=id%20desc');
  expect(ids(page.items)).toEqual(ids(sorted.contacts ?? []).reverse());
});

it('filters contacts with Get Accounts’ syntax on the contact’s fields', async () => {
  if (!sorted?.contacts) throw new Error('no account');
  const [first, second] = sorted.contacts;
  const expr = `id eq ${String(second?.id)} or label eq '${String(first?.label).replaceAll("'", "''")}'`;
  const page = await contactsOf(sorted.id, `?filter=${encodeURIComponent(expr)}`);
  expect(ids(page.items)).toEqual([first?.id, second?.id]);
  expect(page.totalCount).toBe(2);
});

it('answers 400 naming the contact’s fields for a filter on a field contacts do not have', async () => {
  if (!sorted) throw new Error('no account');
  const answer = await call(
    'GET',
    `${contactsPath(sorted.id)}?filter=${encodeURIComponent("emailAddress eq 'a'")}`,
  );
  expect(answer.status).toBe(400);
  expect((answer.body as ErrorBody).message).toContain(
    'filterable fields: accountId, companyOrOrganization, email',
  );
  const sort = await call('GET', `${contactsPath(sorted.id)}?sortBy=lastName`);
  expect(sort.status).toBe(400);
  expect((sort.body as ErrorBody).message).toContain('lastNameOrSurname');
});

it('trims each listed contact with responseFields', async () => {
  if (!listed) throw new Error('no account');
  const page = await contactsOf(listed.id, '?responseFields=totalCount,items(id,label)');
  expect(Object.keys(page)).toEqual(['totalCount', 'items']);
  expect(page.items.every((c) => Object.keys(c).join() === 'id,label')).toBe(true);
});

it('lists the contacts an account was created with by Bulk, numbered from 1', async () => {
  const created = await call('POST', bulkPath, {
    body: [accountItem(1, { contacts: [contact('Home'), contact('Office')] })],
  });
  const account = (created.body as Page<Account>).items[0];
  if (!account) throw new Error(JSON.stringify(created.body));
  const page = await contactsOf(account.id);
  expect(ids(page.items)).toEqual([1, 2]);
  expect(page.items.map((c) => c.label)).toEqual(['Home', 'Office']);
});

it('adds, reads, updates and deletes a contact, the server setting id, accountId and auditInfo', async () => {
  if (!lifecycle?.contacts) throw new Error('no account');
  const sent = { ...contact('Office'), id: 99, accountId: 5, auditInfo: { createBy: 'someone' } };
  const added = await add(lifecycle.id, sent);
  const stamp = { createBy: fullClient, createDate: fixedNow, updateBy: fullClient, updateDate: fixedNow };
  expect(added).toEqual({ id: 2, accountId: lifecycle.id, ...contact('Office'), auditInfo: stamp });

  const read = await call('GET', contactPath(lifecycle.id, 2));
  expect.soft(read.status).toBe(200);
  expect(read.body).toEqual(added);
  const account = (await call('GET', `${accountsPath}/${lifecycle.id}`)).body as Account;
  expect.soft(account.contacts?.at(-1)).toEqual(added);
  expect.soft(account.auditInfo).toMatchObject({ updateBy: fullClient, updateDate: fixedNow });
  expect.soft(account.auditInfo.createDate).toBe(lifecycle.auditInfo.createDate);

  const updated = await call('PUT', contactPath(lifecycle.id, 2), {
    body: { label: 'Work', firstName: 'Ann', id: 7 },
  });
  expect.soft(updated.status).toBe(200);
  // The body replaces the writable fields: what it leaves out is gone.
  expect(updated.body).toEqual({
    id: 2,
    accountId: lifecycle.id,
    label: 'Work',
    firstName: 'Ann',
    auditInfo: stamp,
  });

  const deleted = await call('DELETE', contactPath(lifecycle.id, 2));
  expect.soft(deleted.status).toBe(200);
  expect.soft(deleted.body).toBeUndefined();
  expect((await call('GET', contactPath(lifecycle.id, 2))).status).toBe(404);
  expect(await contactsOf(lifecycle.id)).toMatchObject({ totalCount: 1, items: lifecycle.contacts });
});

it('keeps the update’s auditInfo creation and changes who updated it and when', async () => {
  if (!listed?.contacts?.[0]) throw new Error('no account');
  const before = listed.contacts[0];
  const answer = await call('PUT', contactPath(listed.id, before.id), {
    body: contact('Home', before.types ?? []),
  });
  expect(answer.status).toBe(200);
  expect((answer.body as Contact).auditInfo).toEqual({
    ...before.auditInfo,
    updateBy: fullClient,
    updateDate: fixedNow,
  });
});

it('gives a new contact one more than the account’s highest id, per account', async () => {
  if (!counted?.contacts || !other?.contacts) throw new Error('no accounts');
  const highest = Math.max(...ids(counted.contacts));
  expect((await add(counted.id, contact('A'))).id).toBe(highest + 1);
  expect((await add(counted.id, contact('B'))).id).toBe(highest + 2);
  expect((await add(other.id, contact('C'))).id).toBe(Math.max(...ids(other.contacts)) + 1);
  // A gap left by a deleted contact is not filled; the id of the deleted highest is given again.
  expect((await call('DELETE', contactPath(counted.id, 1))).status).toBe(200);
  expect((await call('DELETE', contactPath(counted.id, highest + 2))).status).toBe(200);
  expect((await add(counted.id, contact('D'))).id).toBe(highest + 2);
});

it('keeps one primary per contact type when a contact is added or updated as primary', async () => {
  if (!primaries?.contacts) throw new Error('no account');
  expect(primaryFor(primaries.contacts, 'billing')).toEqual([1]);
  const shippingBefore = primaryFor(primaries.contacts, 'shipping');

  // The type's name matches whatever its case.
  const added = await add(primaries.id, contact('New billing', [{ name: 'BILLING', isPrimary: true }]));
  let page = await contactsOf(primaries.id);
  expect(primaryFor(page.items, 'billing')).toEqual([added.id]);
  expect(primaryFor(page.items, 'shipping')).toEqual(shippingBefore);
  const demoted = page.items.find((c) => c.id === 1);
  expect.soft(demoted?.types?.find((t) => t.name === 'Billing')).toEqual(billing(false));
  // The demoted contact changed, so its auditInfo says so.
  expect.soft(demoted?.auditInfo.updateDate).toBe(fixedNow);

  const first = page.items.find((c) => c.id === 1);
  const again = await call('PUT', contactPath(primaries.id, 1), {
    body: { ...first, types: [billing(true), { name: 'Shipping', isPrimary: true }] },
  });
  expect(again.status, JSON.stringify(again.body)).toBe(200);
  page = await contactsOf(primaries.id);
  expect(primaryFor(page.items, 'billing')).toEqual([1]);
  expect(primaryFor(page.items, 'shipping')).toEqual([1]);
});

it('keeps the last of several primaries of one type in a replacing list', async () => {
  if (!replaced) throw new Error('no account');
  const answer = await call('PUT', contactsPath(replaced.id), {
    body: [
      contact('One', [billing(true)]),
      contact('Two', [{ name: 'billing', isPrimary: true }]),
      contact('Three'),
    ],
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(primaryFor((answer.body as Page<Contact>).items, 'billing')).toEqual([2]);
});

it('replaces the account’s contacts with a list, numbered from 1, answered as one page', async () => {
  if (!replaced) throw new Error('no account');
  await add(replaced.id, contact('Extra'));
  await add(replaced.id, contact('Another'));
  const answer = await call('PUT', contactsPath(replaced.id), {
    body: [{ ...contact('First'), id: 40 }, contact('Second')],
  });
  expect(answer.status).toBe(200);
  const written = answer.body as Page<Contact>;
  expect.soft(written).toMatchObject({ startIndex: 0, pageSize: 2, pageCount: 1, totalCount: 2 });
  expect.soft(ids(written.items)).toEqual([1, 2]);
  expect.soft(written.items.map((c) => c.accountId)).toEqual([replaced.id, replaced.id]);
  expect((await contactsOf(replaced.id)).items).toEqual(written.items);
  expect((await add(replaced.id, contact('Third'))).id).toBe(3);
});

it('removes every contact with an empty list', async () => {
  if (!removed) throw new Error('no account');
  const answer = await call('PUT', contactsPath(removed.id), { body: [] });
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ startIndex: 0, pageSize: 0, pageCount: 0, totalCount: 0, items: [] });
  expect((await contactsOf(removed.id)).totalCount).toBe(0);
  expect((await add(removed.id, contact('Fresh'))).id).toBe(1);
});

it('refuses a whole list with one invalid contact, changing nothing', async () => {
  if (!listed) throw new Error('no account');
  const before = await contactsOf(listed.id);
  const answer = await call('PUT', contactsPath(listed.id), {
    body: [contact('Fine'), { ...contact('Bad'), email: 'not-an-email' }],
  });
  expect(answer.status).toBe(400);
  expect((answer.body as ErrorBody).message).toContain('email');
  expect(await contactsOf(listed.id)).toEqual(before);
});

it('refuses a 51st contact with 400, as CustomerAccount.contacts holds at most 50', async () => {
  if (!filled) throw new Error('no account');
  const fifty = Array.from({ length: 50 }, (_, i) => contact(`Address ${i + 1}`));
  expect((await call('PUT', contactsPath(filled.id), { body: fifty })).status).toBe(200);
  const one = await call('POST', contactsPath(filled.id), { body: contact('One too many') });
  expect(one.status).toBe(400);
  expect((one.body as ErrorBody).message).toContain('at most 50');
  const list = await call('PUT', contactsPath(filled.id), { body: [...fifty, contact('One too many')] });
  expect(list.status).toBe(400);
  expect((await contactsOf(filled.id)).totalCount).toBe(50);
});

it('answers 404 for an account that does not exist, on every contact operation', async () => {
  const missing = 999_999;
  const answers = [
    await call('GET', contactsPath(missing)),
    await call('POST', contactsPath(missing), { body: contact('X') }),
    await call('PUT', contactsPath(missing), { body: [contact('X')] }),
    await call('GET', contactPath(missing, 1)),
    await call('PUT', contactPath(missing, 1), { body: contact('X') }),
    await call('DELETE', contactPath(missing, 1)),
  ];
  expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);
  expect((answers[0]?.body as ErrorBody).additionalErrorData).toEqual([
    { name: 'AccountId', value: '999999' },
  ]);
});

it('answers 404 naming the account and the contact for a contact the account does not have', async () => {
  if (!listed) throw new Error('no account');
  const answers = [
    await call('GET', contactPath(listed.id, 9)),
    await call('PUT', contactPath(listed.id, 9), { body: contact('X') }),
    await call('DELETE', contactPath(listed.id, 9)),
  ];
  expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
  expect(answers[0]?.body).toMatchObject({
    message: `Item not found: account ${listed.id} has no contact 9`,
    errorCode: 'ITEM_NOT_FOUND',
    additionalErrorData: [
      { name: 'AccountId', value: String(listed.id) },
      { name: 'ContactId', value: '9' },
    ],
  });
});

it('accepts userId without changing what is answered, as the document says the mock keeps no overrides', async () => {
  if (!listed) throw new Error('no account');
  const plain = await contactsOf(listed.id);
  expect(await contactsOf(listed.id, '?userId=someone-else')).toEqual(plain);
  expect((await call('GET', `${contactPath(listed.id, 1)}?userId=someone-else`)).status).toBe(200);
});

it('lets a signed-in shopper list their own contacts and answers 403 for another account’s', async () => {
  if (!shopperOwn || !listed) throw new Error('no accounts');
  const ticket = await mock.world().shoppers.ticket({
    clientId: fullClient,
    tenantId: 100000,
    shopper: { accountId: shopperOwn.id, userId: shopperOwn.userId, userName: shopperOwn.userName },
    accessSeconds: 600,
    refreshSeconds: 600,
  });
  const headers = { 'x-vol-user-claims': ticket.accessToken };
  expect((await call('GET', contactsPath(shopperOwn.id), { headers })).status).toBe(200);
  const answer = await call('GET', contactsPath(listed.id), { headers });
  expect(answer.status).toBe(403);
  expect((answer.body as ErrorBody).errorCode).toBe('FORBIDDEN');
  expect((await call('POST', contactsPath(listed.id), { headers, body: contact('X') })).status).toBe(403);
});

const relaxed = await mockClient({
  assumptions: { 'primary-contacts': false, 'contact-list-replace': false },
});
afterAll(() => expectAllConform(relaxed.exchanges));

it('adds a list after the account’s contacts when contact-list-replace is off', async () => {
  const [account] = generated.filter((a) => a.contacts?.length === 2);
  if (!account?.contacts) throw new Error('no account');
  const answer = await relaxed.call('PUT', contactsPath(account.id), { body: [contact('A'), contact('B')] });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ startIndex: 0, pageSize: 2, pageCount: 1, totalCount: 2 });
  expect(ids((answer.body as Page<Contact>).items)).toEqual([3, 4]);
  const page = (await relaxed.call('GET', contactsPath(account.id))).body as Page<Contact>;
  expect(ids(page.items)).toEqual([1, 2, 3, 4]);
});

it('leaves the other primaries of a type alone when primary-contacts is off', async () => {
  const [account] = generated.filter((a) => a.contacts?.length === 2).slice(1);
  if (!account) throw new Error('no account');
  const answer = await relaxed.call('POST', contactsPath(account.id), {
    body: contact('Also billing', [billing(true)]),
  });
  expect(answer.status).toBe(200);
  const page = (await relaxed.call('GET', contactsPath(account.id))).body as Page<Contact>;
  expect(primaryFor(page.items, 'billing')).toEqual([1, 3]);
});
