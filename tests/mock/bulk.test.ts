import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import {
  accountItem,
  accountsPath,
  bulkPath,
  fixedNow,
  fullClient,
  mockClient,
} from '../support/mock-client.ts';

type Collection = {
  startIndex: number;
  pageSize: number;
  pageCount: number;
  totalCount: number;
  items: Account[];
};
type Account = Record<string, unknown> & {
  id: number;
  emailAddress: string;
  contacts?: Record<string, unknown>[];
};
type ErrorBody = {
  message: string;
  errorCode: string;
  items: { message: string; applicationErrorData: { name: string; value: string }[] }[];
};

const client = await mockClient();
const { call } = client;
afterAll(() => expectAllConform(client.exchanges));

async function total() {
  const answer = await call('GET', `${accountsPath}?pageSize=1`);
  return (answer.body as Collection).totalCount;
}

describe('POST /commerce/customer/accounts/Bulk', () => {
  it('creates every account and answers a one-page collection in request order', async () => {
    const before = await total();
    const answer = await call('POST', bulkPath, { body: [accountItem(1), accountItem(2), accountItem(3)] });
    expect(answer.status).toBe(200);
    const body = answer.body as Collection;
    expect.soft(body).toMatchObject({ startIndex: 0, pageSize: 3, pageCount: 1, totalCount: 3 });
    expect
      .soft(body.items.map((a) => a.emailAddress))
      .toEqual([1, 2, 3].map((n) => `shopper${n}@example.com`));
    expect.soft(new Set(body.items.map((a) => a.id)).size).toBe(3);
    expect(await total()).toBe(before + 3);
  });

  it('fills server fields and the document defaults', async () => {
    const answer = await call('POST', bulkPath, {
      body: [
        accountItem(10, {
          contacts: [{ email: 'shopper10@example.com', firstName: 'Ann' }],
          notes: [{ content: 'VIP' }],
        }),
      ],
    });
    const [account] = (answer.body as Collection).items;
    expect(account).toMatchObject({
      emailAddress: 'shopper10@example.com',
      userName: 'shopper10@example.com',
      isActive: true,
      isLocked: false,
      isAnonymous: false,
      acceptsMarketing: false,
      hasExternalPassword: false,
      customerSinceDate: fixedNow,
      commerceSummary: {
        totalOrderAmount: { currencyCode: 'USD', amount: 0 },
        orderCount: 0,
        lastOrderDate: null,
      },
      auditInfo: { createBy: fullClient, createDate: fixedNow, updateBy: fullClient, updateDate: fixedNow },
    });
    expect(account?.userId).toMatch(/^[0-9a-f]{32}$/);
    expect(account?.contacts?.[0]).toMatchObject({
      id: 1,
      accountId: account?.id,
      email: 'shopper10@example.com',
    });
    expect((account?.notes as { id: number }[])[0]?.id).toBe(1);
  });

  it('never returns a password or an external password hash', async () => {
    const answer = await call('POST', bulkPath, {
      body: [accountItem(20, {}, { externalPassword: '$2b$10$abcdefghijklmnopqrstuv', isImport: true })],
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('Secret-Password-20');
    expect(text).not.toContain('$2b$10$');
    expect((answer.body as Collection).items[0]?.hasExternalPassword).toBe(true);
  });

  it('takes BCP 47 locale codes such as es-419 and zh-Hans-CN, in any case', async () => {
    const locales = ['es-419', 'zh-Hans-CN', 'en-us', 'sr-Latn-RS', 'de-CH-1996'];
    const answer = await call('POST', bulkPath, {
      body: locales.map((localeCode, i) => accountItem(700 + i, { localeCode })),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((answer.body as Collection).items.map((a) => a.localeCode)).toEqual(locales);
    const refused = await call('POST', bulkPath, { body: [accountItem(710, { localeCode: 'en_US' })] });
    expect(refused.status).toBe(400);
  });

  it('keeps a userName that was sent instead of the email', async () => {
    const answer = await call('POST', bulkPath, { body: [accountItem(30, { userName: 'ann30' })] });
    expect((answer.body as Collection).items[0]?.userName).toBe('ann30');
  });

  it('creates nothing when one item of the batch is invalid, and names each failing item', async () => {
    const before = await total();
    const answer = await call('POST', bulkPath, {
      body: [
        accountItem(40),
        accountItem(41, { emailAddress: 'not-an-email' }),
        accountItem(42, { firstName: 7 }),
      ],
    });
    expect(answer.status).toBe(400);
    const body = answer.body as ErrorBody;
    expect.soft(body.errorCode).toBe('MISSING_OR_INVALID_PARAMETER');
    const failing = body.items.map((i) =>
      Object.fromEntries(i.applicationErrorData.map((d) => [d.name, d.value])),
    );
    expect.soft(failing).toEqual([
      { Index: '1', ParameterName: '[1].account.emailAddress' },
      { Index: '2', ParameterName: '[2].account.firstName' },
    ]);
    expect(await total()).toBe(before);
  });

  it('requires an account with an email address', async () => {
    const answer = await call('POST', bulkPath, {
      body: [{ password: 'x' }, { account: { emailAddress: null } }],
    });
    expect(answer.status).toBe(400);
    const messages = (answer.body as ErrorBody).items.map((i) => i.message);
    expect(messages).toEqual([
      '[0].account is required',
      '[1].account.emailAddress must be string (got null)',
    ]);
  });

  it('rejects a body that is not an array, and an unknown property', async () => {
    const notArray = await call('POST', bulkPath, { body: accountItem(50) });
    expect(notArray.status).toBe(400);
    expect((notArray.body as ErrorBody).message).toContain('body must be array');
    const unknown = await call('POST', bulkPath, { body: [accountItem(51, { favouriteColour: 'teal' })] });
    expect(unknown.status).toBe(400);
    expect((unknown.body as ErrorBody).items[0]?.message).toBe(
      '[0].account.favouriteColour is not a declared property',
    );
  });

  it('rejects malformed JSON with a 400', async () => {
    const answer = await call('POST', bulkPath, {
      raw: '[{"account":',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('not valid JSON');
  });

  it('rejects an empty batch and a batch over the limit', async () => {
    expect((await call('POST', bulkPath, { body: [] })).status).toBe(400);
    const items = Array.from({ length: 1001 }, (_, i) => accountItem(10_000 + i));
    const answer = await call('POST', bulkPath, { body: items });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('must NOT have more than 1000 items');
  });

  it('answers 409 for an email used twice in the batch, case-insensitively, and creates nothing', async () => {
    const before = await total();
    const answer = await call('POST', bulkPath, {
      body: [accountItem(60), accountItem(61, { emailAddress: 'SHOPPER60@example.com' })],
    });
    expect(answer.status).toBe(409);
    expect((answer.body as ErrorBody).errorCode).toBe('VALIDATION_CONFLICT');
    expect((answer.body as ErrorBody).items[0]?.message).toContain('is also used by item 0 of this batch');
    expect(await total()).toBe(before);
  });

  it('answers 409 for an email or userName an existing account uses', async () => {
    await call('POST', bulkPath, { body: [accountItem(70, { userName: 'ann70' })] });
    const byEmail = await call('POST', bulkPath, {
      body: [accountItem(71, { emailAddress: 'Shopper70@Example.com' })],
    });
    expect(byEmail.status).toBe(409);
    const byUserName = await call('POST', bulkPath, { body: [accountItem(72, { userName: 'ANN70' })] });
    expect(byUserName.status).toBe(409);
  });

  it('answers 409 for the email of a generated account', async () => {
    const first = await call('GET', `${accountsPath}/1001`);
    const email = (first.body as Account).emailAddress;
    const answer = await call('POST', bulkPath, {
      body: [accountItem(80, { emailAddress: email.toUpperCase() })],
    });
    expect(answer.status).toBe(409);
    expect((answer.body as ErrorBody).items[0]?.message).toContain('already used by account 1001');
  });

  it('trims the answer with responseFields', async () => {
    const answer = await call('POST', `${bulkPath}?responseFields=items(id,emailAddress)`, {
      body: [accountItem(90)],
    });
    expect(answer.status).toBe(200);
    const body = answer.body as Collection;
    expect(Object.keys(body)).toEqual(['items']);
    expect(Object.keys(body.items[0] ?? {}).sort()).toEqual(['emailAddress', 'id']);
  });

  it('refuses a malformed responseFields before creating anything', async () => {
    const before = await total();
    const answer = await call('POST', `${bulkPath}?responseFields=items(id`, { body: [accountItem(95)] });
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).message).toContain('responseFields');
    expect(await total()).toBe(before);
  });
});
