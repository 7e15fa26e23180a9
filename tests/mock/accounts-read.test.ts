import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import { accountItem, accountsPath, bulkPath, mockClient } from '../support/mock-client.ts';

type Account = { id: number; emailAddress: string; lastName: string; isActive: boolean } & Record<
  string,
  unknown
>;
type Collection = {
  startIndex: number;
  pageSize: number;
  pageCount: number;
  totalCount: number;
  items: Account[];
};
type ErrorBody = { message: string; errorCode: string };

const client = await mockClient();
const { call } = client;
afterAll(() => expectAllConform(client.exchanges));

const orderCount = (account: Account | undefined) =>
  (account?.commerceSummary as { orderCount?: number } | undefined)?.orderCount ?? 0;

const page = async (query: string) => {
  const answer = await call('GET', `${accountsPath}?${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Collection;
};

describe('GET /commerce/customer/accounts', () => {
  it('pages the generated dataset with 20 by default', async () => {
    const first = await page('');
    expect(first).toMatchObject({ startIndex: 0, pageSize: 20, totalCount: 250, pageCount: 13 });
    expect(first.items.map((a) => a.id)).toEqual(Array.from({ length: 20 }, (_, i) => 1001 + i));
  });

  it('takes pageSize=0, Kibo’s declared default, as the default page of 20', async () => {
    const zero = await page('pageSize=0');
    expect(zero).toMatchObject({ startIndex: 0, pageSize: 20, pageCount: 13 });
    expect(zero.items).toHaveLength(20);
  });

  it('gives the same account on every page that shows it', async () => {
    const wide = await page('startIndex=0&pageSize=50');
    const narrow = await page('startIndex=40&pageSize=5');
    expect(narrow.items).toEqual(wide.items.slice(40, 45));
    expect(narrow.pageCount).toBe(50);
  });

  it('answers 400 for a pageSize over 200 or a negative startIndex', async () => {
    expect((await call('GET', `${accountsPath}?pageSize=201`)).status).toBe(400);
    expect((await call('GET', `${accountsPath}?startIndex=-1`)).status).toBe(400);
    expect((await call('GET', `${accountsPath}?pageSize=ten`)).status).toBe(400);
  });

  it('answers 400 for a query parameter the document does not declare', async () => {
    const answer = await call('GET', `${accountsPath}?colour=teal`);
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('colour is not a declared property');
  });

  it('sorts by a field, descending', async () => {
    const sorted = await page('sortBy=lastName%20desc&pageSize=200');
    const names = sorted.items.map((a) => a.lastName.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });

  it('filters with Kibo operators joined by and', async () => {
    const all = await page('pageSize=200');
    const someone = all.items[7] as Account;
    const prefix = someone.emailAddress.slice(0, 4);
    const filtered = await page(
      `filter=${encodeURIComponent(`emailAddress sw '${prefix}' and isActive eq ${String(someone.isActive)}`)}&pageSize=200`,
    );
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(
      filtered.items.every((a) => a.emailAddress.startsWith(prefix) && a.isActive === someone.isActive),
    ).toBe(true);
    expect(filtered.items.map((a) => a.id)).toContain(someone.id);
  });

  it('answers 400 naming the field for a filter on an unknown field', async () => {
    const answer = await call('GET', `${accountsPath}?filter=${encodeURIComponent("emial eq 'x'")}`);
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('emial');
  });

  it('finds created accounts by quick search', async () => {
    await call('POST', bulkPath, { body: [accountItem(1, { lastName: 'Zyxwv' })] });
    const found = await page('q=zyxw');
    expect(found.items.map((a) => a.emailAddress)).toEqual(['shopper1@example.com']);
  });

  it('trims items with responseFields', async () => {
    const trimmed = await page(
      'pageSize=2&responseFields=totalCount,items(id,contacts(address(countryCode)))',
    );
    expect(Object.keys(trimmed)).toEqual(['totalCount', 'items']);
    for (const item of trimmed.items)
      expect(Object.keys(item).sort()).toEqual(['contacts', 'id'].filter((k) => k in item));
  });
});

describe('Kibo’s other getAccounts parameters', () => {
  it('keeps the fields named by `fields` in every item and the page around them', async () => {
    const trimmed = await page('pageSize=2&fields=id,emailAddress');
    expect(trimmed).toMatchObject({ startIndex: 0, pageSize: 2 });
    expect(trimmed.totalCount).toBeGreaterThan(2);
    for (const item of trimmed.items) expect(Object.keys(item).sort()).toEqual(['emailAddress', 'id']);
  });

  it('refuses a `fields` expression that does not parse, naming it', async () => {
    const answer = await call('GET', `${accountsPath}?fields=id,(`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      additionalErrorData: [{ name: 'ParameterName', value: 'fields' }],
    });
  });
});

describe('GET and DELETE /commerce/customer/accounts/{accountId}', () => {
  it('reads a created account, deletes it, then answers 404', async () => {
    const created = await call('POST', bulkPath, { body: [accountItem(2)] });
    const id = (created.body as Collection).items[0]?.id;
    const read = await call('GET', `${accountsPath}/${id}`);
    expect(read.status).toBe(200);
    expect((read.body as Account).emailAddress).toBe('shopper2@example.com');
    expect((await call('DELETE', `${accountsPath}/${id}`)).status).toBe(200);
    const gone = await call('GET', `${accountsPath}/${id}`);
    expect(gone.status).toBe(404);
    expect((gone.body as ErrorBody).errorCode).toBe('ITEM_NOT_FOUND');
    expect((await call('DELETE', `${accountsPath}/${id}`)).status).toBe(404);
  });

  it('deletes a generated account without orders and closes the gap in the listing', async () => {
    const all = await page('pageSize=200');
    const at = all.items.findIndex((a, i) => i > 0 && orderCount(a) === 0);
    expect(at, 'the dataset has an account without orders').toBeGreaterThan(0);
    const before = await page(`startIndex=${at - 1}&pageSize=3`);
    const [, victim, next] = before.items;
    expect((await call('DELETE', `${accountsPath}/${victim?.id}`)).status).toBe(200);
    const after = await page(`startIndex=${at - 1}&pageSize=3`);
    expect(after.items[1]?.id).toBe(next?.id);
    expect(after.totalCount).toBe(before.totalCount - 1);
  });

  it('keeps an account with orders, answering 409 as Kibo refuses the delete', async () => {
    const all = await page('pageSize=200');
    const buyer = all.items.find((a) => orderCount(a) > 0);
    const answer = await call('DELETE', `${accountsPath}/${buyer?.id}`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      errorCode: 'VALIDATION_CONFLICT',
      message: expect.stringContaining(`has ${orderCount(buyer)} orders`) as unknown,
    });
    expect((await call('GET', `${accountsPath}/${buyer?.id}`)).status).toBe(200);
  });

  it('answers only the response groups asked for, whole without responseGroups', async () => {
    const buyer = (await page('pageSize=200')).items.find((a) => orderCount(a) > 0);
    const whole = await call('GET', `${accountsPath}/${buyer?.id}`);
    expect(Object.keys(whole.body as Account)).toEqual(
      expect.arrayContaining(['contacts', 'notes', 'commerceSummary']),
    );
    const some = await call('GET', `${accountsPath}/${buyer?.id}?responseGroups=contacts,OrderSummary`);
    const kept = some.body as Account;
    expect(kept.contacts).toEqual((whole.body as Account).contacts);
    expect(kept.commerceSummary).toEqual((whole.body as Account).commerceSummary);
    expect('notes' in kept).toBe(false);
    expect(kept.emailAddress).toBe((whole.body as Account).emailAddress);
    const listed = await page('pageSize=3&responseGroups=CustomerAccountNotes');
    for (const item of listed.items) {
      expect('contacts' in item || 'commerceSummary' in item).toBe(false);
      expect(item.id).toBeTypeOf('number');
    }
  });

  it('finds an account with userId only when it is that login’s', async () => {
    const [account] = (await page('pageSize=1')).items;
    const own = await call('GET', `${accountsPath}/${account?.id}?userId=${String(account?.userId)}`);
    expect(own.status).toBe(200);
    const other = await call('GET', `${accountsPath}/${account?.id}?userId=somebody-else`);
    expect(other.status).toBe(404);
  });

  it('answers 400 for an id that is not a number', async () => {
    expect((await call('GET', `${accountsPath}/abc`)).status).toBe(400);
  });
});
