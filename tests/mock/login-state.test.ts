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

type LoginState = Record<string, unknown>;
type Account = {
  id: number;
  emailAddress: string;
  userName: string;
  isLocked?: boolean;
  auditInfo: Record<string, unknown>;
};
type ErrorBody = {
  message: string;
  errorCode: string;
  additionalErrorData: { name: string; value: string }[];
};

const client = await mockClient();
const { call, mock } = client;
// A tenant that lets an email address be taken twice keeps no index of logins.
const lenient = await mockClient({ assumptions: { duplicates: false } });
afterAll(() => expectAllConform([...client.exchanges, ...lenient.exchanges]));

const account = async (id: number) => (await call('GET', `${accountsPath}/${id}`)).body as Account;
const loginState = (id: number) => call('GET', `${accountsPath}/${id}/loginstate`);
const byEmail = (email: string) =>
  call('POST', `${accountsPath}/loginstatebyemailaddress?emailAddress=${encodeURIComponent(email)}`);
const byUserName = (userName: string) =>
  call('POST', `${accountsPath}/loginstatebyusername?userName=${encodeURIComponent(userName)}`);
const setLocked = (id: number, body: unknown) =>
  call('POST', `${accountsPath}/${id}/Set-Login-Locked`, { body });
const setChangeRequired = (id: number, body: unknown) =>
  call('POST', `${accountsPath}/${id}/Set-Password-Change-Required`, { body });
const wrongPassword = (id: number) =>
  call('POST', `${accountsPath}/${id}/Change-Password`, { body: { oldPassword: 'wrong', newPassword: 'x' } });

describe('the login state of an account', () => {
  it('answers a generated account’s login as nobody has used it, dated when the account was made', async () => {
    const answer = await loginState(1101);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      isLocked: false,
      isPasswordChangeRequired: false,
      failedLoginAttemptCount: 0,
      remainingLoginAttempts: 5,
      firstFailedLoginAttemptOn: null,
      lastLockedOn: null,
      lastLoginOn: null,
      lastPasswordChangeOn: null,
      createdOn: (await account(1101)).auditInfo.createDate,
      updatedOn: (await account(1101)).auditInfo.createDate,
    });
  });

  it('answers a Bulk-made account’s login as created now', async () => {
    const created = await call('POST', bulkPath, { body: [accountItem(1)] });
    const id = (created.body as { items: Account[] }).items[0]?.id ?? 0;
    expect((await loginState(id)).body).toMatchObject({ createdOn: fixedNow, updatedOn: fixedNow });
  });

  it('finds the same state by email address and by user name, in any case', async () => {
    const { emailAddress, userName } = await account(1102);
    await wrongPassword(1102);
    const [byId, email, name] = [
      await loginState(1102),
      await byEmail(emailAddress.toUpperCase()),
      await byUserName(userName.toUpperCase()),
    ];
    expect([email.status, name.status]).toEqual([200, 200]);
    expect(email.body).toEqual(byId.body);
    expect(name.body).toEqual(byId.body);
    expect((byId.body as LoginState).failedLoginAttemptCount).toBe(1);
  });

  it('tells a user name from an email address of the same account', async () => {
    const created = await call('POST', bulkPath, { body: [accountItem(2, { userName: 'mortiz' })] });
    const id = (created.body as { items: Account[] }).items[0]?.id ?? 0;
    expect((await byUserName('mortiz')).status).toBe(200);
    expect((await byEmail('shopper2@example.com')).status).toBe(200);
    expect((await byUserName('shopper2@example.com')).status).toBe(404);
    expect((await loginState(id)).status).toBe(200);
  });

  it('finds the first account of a login in id order when duplicates are allowed', async () => {
    const twice = [accountItem(3, { userName: 'twin' }), accountItem(4, { userName: 'TWIN' })];
    const created = await lenient.call('POST', bulkPath, { body: twice });
    const [first] = (created.body as { items: Account[] }).items;
    await lenient.call('POST', `${accountsPath}/${first?.id}/Set-Login-Locked`, { body: true });
    const state = await lenient.call('POST', `${accountsPath}/loginstatebyusername?userName=twin`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ isLocked: true });
    const email = await lenient.call(
      'POST',
      `${accountsPath}/loginstatebyemailaddress?emailAddress=shopper4@example.com`,
    );
    expect(email.body).toMatchObject({ isLocked: false });
  });

  it('answers 404 naming the email address or user name nobody has', async () => {
    const email = await byEmail('nobody@example.com');
    const name = await byUserName('nobody');
    expect([email.status, name.status]).toEqual([404, 404]);
    expect(email.body).toMatchObject({
      errorCode: 'ITEM_NOT_FOUND',
      message: 'Item not found: no account with email address "nobody@example.com"',
      additionalErrorData: [{ name: 'emailAddress', value: 'nobody@example.com' }],
    });
    expect((name.body as ErrorBody).message).toBe('Item not found: no account with user name "nobody"');
  });

  it('answers 400 without the email address or user name to look up', async () => {
    expect((await call('POST', `${accountsPath}/loginstatebyemailaddress`)).status).toBe(400);
    expect((await call('POST', `${accountsPath}/loginstatebyusername`)).status).toBe(400);
    expect((await byEmail('not-an-email')).status).toBe(400);
  });

  it('answers 404 for an account the tenant does not have', async () => {
    const answers = [
      await loginState(999999),
      await setLocked(999999, true),
      await setChangeRequired(999999, true),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    expect((answers[0]?.body as ErrorBody).additionalErrorData).toEqual([
      { name: 'AccountId', value: '999999' },
    ]);
  });

  it('answers 403 to a shopper reading or changing another account’s login', async () => {
    const ticket = await mock.world().shoppers.ticket({
      clientId: fullClient,
      tenantId: 100000,
      shopper: { accountId: 1104, userId: 'b'.repeat(32), userName: 'someone@example.com' },
      accessSeconds: 600,
      refreshSeconds: 600,
    });
    const headers = { 'x-vol-user-claims': ticket.accessToken };
    const answers = [
      await call('GET', `${accountsPath}/1103/loginstate`, { headers }),
      await call('POST', `${accountsPath}/1103/Set-Login-Locked`, { headers, body: true }),
      await call('POST', `${accountsPath}/1103/Set-Password-Change-Required`, { headers, body: true }),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect((await call('GET', `${accountsPath}/1104/loginstate`, { headers })).status).toBe(200);
    expect((await loginState(1103)).body).toMatchObject({ isLocked: false, isPasswordChangeRequired: false });
  });
});

describe('POST …/{accountId}/Set-Login-Locked', () => {
  it('locks the login and the account, dating the lock, and answers no body', async () => {
    const answer = await setLocked(1105, true);
    expect(answer.status).toBe(200);
    expect(answer.body).toBeUndefined();
    expect((await loginState(1105)).body).toMatchObject({
      isLocked: true,
      lastLockedOn: fixedNow,
      updatedOn: fixedNow,
    });
    expect(await account(1105)).toMatchObject({
      isLocked: true,
      auditInfo: { updateBy: fullClient, updateDate: fixedNow },
    });
  });

  it('unlocks the login and forgets its failed attempts', async () => {
    await wrongPassword(1106);
    await setLocked(1106, true);
    expect((await setLocked(1106, false)).status).toBe(200);
    expect((await loginState(1106)).body).toMatchObject({
      isLocked: false,
      failedLoginAttemptCount: 0,
      remainingLoginAttempts: 5,
      firstFailedLoginAttemptOn: null,
      lastLockedOn: fixedNow,
    });
    expect((await account(1106)).isLocked).toBe(false);
  });

  it('forgets failed attempts when an unlocked login is unlocked', async () => {
    await wrongPassword(1107);
    await setLocked(1107, false);
    expect((await loginState(1107)).body).toMatchObject({ isLocked: false, failedLoginAttemptCount: 0 });
  });

  it('answers 400 for a body that is not a JSON boolean, changing nothing', async () => {
    for (const body of ['true', 1, { locked: true }, null]) {
      expect((await setLocked(1108, body)).status, JSON.stringify(body)).toBe(400);
    }
    const none = await call('POST', `${accountsPath}/1108/Set-Login-Locked`, {
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(400);
    expect((await loginState(1108)).body).toMatchObject({ isLocked: false });
  });
});

describe('POST …/{accountId}/Set-Password-Change-Required', () => {
  it('requires a change, and takes it back, answering no body', async () => {
    const required = await setChangeRequired(1109, true);
    expect(required.status).toBe(200);
    expect(required.body).toBeUndefined();
    expect((await loginState(1109)).body).toMatchObject({
      isPasswordChangeRequired: true,
      updatedOn: fixedNow,
    });
    await setChangeRequired(1109, false);
    expect((await loginState(1109)).body).toMatchObject({ isPasswordChangeRequired: false });
  });

  it('is cleared when the password is changed', async () => {
    await setChangeRequired(1110, true);
    const oldPassword = mock.world().tenant(100000).generatedPassword(1110);
    const changed = await call('POST', `${accountsPath}/1110/Change-Password`, {
      body: { oldPassword, newPassword: 'Changed-As-Asked-1' },
    });
    expect(changed.status).toBe(200);
    expect((await loginState(1110)).body).toMatchObject({ isPasswordChangeRequired: false });
  });

  it('answers 400 for a body that is not a JSON boolean', async () => {
    expect((await setChangeRequired(1111, 'yes')).status).toBe(400);
    expect((await loginState(1111)).body).toMatchObject({ isPasswordChangeRequired: false });
  });
});
