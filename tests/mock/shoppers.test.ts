import bcrypt from 'bcryptjs';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAllConform } from '../support/conformance.ts';
import { accountItem, accountsPath, bulkPath, limitedClient, mockClient } from '../support/mock-client.ts';

type Ticket = {
  accessToken: string;
  jwtAccessToken: string;
  accessTokenExpiration: string;
  refreshToken: string | null;
  refreshTokenExpiration?: string;
  userId: string | null;
  customerAccount?: { id: number; emailAddress: string; firstName?: string };
};
type Account = { id: number; emailAddress: string; userName: string } & Record<string, unknown>;
type ErrorBody = { message: string; errorCode: string };

const signInPath = '/api/commerce/customer/authtickets';
const refreshPath = `${signInPath}/refresh`;
const anonymousPath = `${signInPath}/anonymousshopper`;
const currentPath = `${accountsPath}/current`;
const refusal = 'Sign-in refused: the user name or password is incorrect, or the account is locked';
const userClaims = 'https://www.kibocommerce.com/user_claims';

const client = await mockClient();
const { call, mock } = client;
afterAll(() => expectAllConform(client.exchanges));

/** Creates one account through Bulk and answers it. */
async function created(
  n: number,
  overrides: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const answer = await call('POST', bulkPath, { body: [accountItem(n, overrides, extra)] });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body as { items: Account[] }).items[0] as Account;
}

const signIn = (username: string, password: string, extra: Record<string, unknown> = {}) =>
  call('POST', signInPath, { body: { username, password, ...extra } });

const asShopper = (ticket: Ticket) => ({ 'x-vol-user-claims': ticket.accessToken });

describe('POST /commerce/customer/authtickets', () => {
  it('signs in an account created through Bulk with its password, by userName or email in any case', async () => {
    const account = await created(1, { userName: 'ann.one' });
    const byName = await signIn('ANN.ONE', 'Secret-Password-1');
    const byEmail = await signIn('Shopper1@Example.com', 'Secret-Password-1');
    expect([byName.status, byEmail.status]).toEqual([200, 200]);
    const ticket = byName.body as Ticket;
    expect(ticket.customerAccount?.id).toBe(account.id);
    expect(ticket.userId).toBe(account.userId);
    expect(ticket.refreshToken).toMatch(/^[0-9a-f]{40}$/);
    expect(decodeJwt(ticket.jwtAccessToken)[userClaims]).toMatchObject({
      anon: '0',
      uid: account.userId,
      accountId: account.id,
      'b.TenantId': '100000',
    });
    expect(JSON.stringify(ticket)).not.toContain('Secret-Password-1');
  });

  it('refuses a wrong password, an unknown user and a mismatched accountId with one message', async () => {
    const account = await created(2);
    const answers = [
      await signIn('shopper2@example.com', 'Secret-Password-X'),
      await signIn('nobody@example.com', 'Secret-Password-2'),
      await signIn('shopper2@example.com', 'Secret-Password-2', { accountId: 1001 }),
      await call('POST', signInPath, { body: { accountId: account.id } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    for (const answer of answers) expect((answer.body as ErrorBody).message).toBe(refusal);
  });

  it('signs a generated shopper in with the password derived for it', async () => {
    const account = (await call('GET', `${accountsPath}/1003`)).body as Account;
    const password = mock.world().tenant(100000).generatedPassword(1003) ?? '';
    expect((await signIn(account.userName, password)).status).toBe(account.isLocked ? 401 : 200);
    expect((await signIn(account.userName, `${password}x`)).status).toBe(401);
  });

  it('locks a login after the document’s x-lockout-after wrong passwords, and then refuses the right one', async () => {
    const account = await created(3);
    for (let i = 0; i < 4; i++) await signIn('shopper3@example.com', 'wrong');
    expect(((await call('GET', `${accountsPath}/${account.id}`)).body as Account).isLocked).toBe(false);
    await signIn('shopper3@example.com', 'wrong');
    expect(((await call('GET', `${accountsPath}/${account.id}`)).body as Account).isLocked).toBe(true);
    const right = await signIn('shopper3@example.com', 'Secret-Password-3');
    expect(right.status).toBe(401);
    expect((right.body as ErrorBody).message).toBe(refusal);
  });

  it('starts the count over after a successful sign-in', async () => {
    await created(4);
    for (let i = 0; i < 4; i++) await signIn('shopper4@example.com', 'wrong');
    expect((await signIn('shopper4@example.com', 'Secret-Password-4')).status).toBe(200);
    for (let i = 0; i < 4; i++) await signIn('shopper4@example.com', 'wrong');
    expect((await signIn('shopper4@example.com', 'Secret-Password-4')).status).toBe(200);
  });

  it('follows a run’s own lockout limit (--assumption lockout=2), and none when it is off', async () => {
    const strict = await mockClient({ assumptions: { lockout: 2 } });
    await strict.call('POST', bulkPath, { body: [accountItem(5)] });
    await strict.call('POST', signInPath, { body: { username: 'shopper5@example.com', password: 'x' } });
    await strict.call('POST', signInPath, { body: { username: 'shopper5@example.com', password: 'x' } });
    const locked = await strict.call('POST', signInPath, {
      body: { username: 'shopper5@example.com', password: 'Secret-Password-5' },
    });
    expect(locked.status).toBe(401);
    const lenient = await mockClient({ assumptions: { lockout: false } });
    await lenient.call('POST', bulkPath, { body: [accountItem(5)] });
    for (let i = 0; i < 20; i++) {
      await lenient.call('POST', signInPath, { body: { username: 'shopper5@example.com', password: 'x' } });
    }
    const still = await lenient.call('POST', signInPath, {
      body: { username: 'shopper5@example.com', password: 'Secret-Password-5' },
    });
    expect(still.status).toBe(200);
  });

  it('gives tickets the lifetimes the account was created with, or the sign-in asks for', async () => {
    await created(6, {}, { authTicketTtlMinutes: 5, refreshTokenTtlMinutes: 120 });
    const now = Date.parse('2026-11-27T10:00:00.000Z');
    const fromAccount = (await signIn('shopper6@example.com', 'Secret-Password-6')).body as Ticket;
    expect(Date.parse(fromAccount.accessTokenExpiration) - now).toBe(5 * 60_000);
    expect(Date.parse(fromAccount.refreshTokenExpiration ?? '') - now).toBe(120 * 60_000);
    const asked = (await signIn('shopper6@example.com', 'Secret-Password-6', { authTicketTtlMinutes: 30 }))
      .body as Ticket;
    expect(Date.parse(asked.accessTokenExpiration) - now).toBe(30 * 60_000);
    await created(7);
    const byDefault = (await signIn('shopper7@example.com', 'Secret-Password-7')).body as Ticket;
    expect(Date.parse(byDefault.accessTokenExpiration) - now).toBe(60 * 60_000);
  });

  it('refuses ticket durations from an application without the behavior for them (403)', async () => {
    await created(8);
    const limited = await mock.tokens.issue(limitedClient);
    const answer = await call('POST', signInPath, {
      token: limited,
      body: { username: 'shopper8@example.com', password: 'Secret-Password-8', authTicketTtlMinutes: 30 },
    });
    expect(answer.status).toBe(403);
    expect((answer.body as ErrorBody).message).toContain('customer-auth:configure-token-durations');
  });

  it('signs in an imported bcrypt password, and refuses one it cannot verify until a reset', async () => {
    const hash = bcrypt.hashSync('Old-System-9', 4);
    await created(9, {}, { password: undefined, externalPassword: hash, isImport: true });
    expect((await signIn('shopper9@example.com', 'Old-System-9')).status).toBe(200);
    await created(10, {}, { password: undefined, externalPassword: '5f4dcc3b5aa765d61d8327deb882cf99' });
    expect((await signIn('shopper10@example.com', 'password')).status).toBe(401);
  });
});

describe('PUT /commerce/customer/authtickets/refresh', () => {
  it('trades a refresh token once for a ticket with the same durations', async () => {
    await created(11, {}, { authTicketTtlMinutes: 7 });
    const first = (await signIn('shopper11@example.com', 'Secret-Password-11')).body as Ticket;
    const refreshed = await call('PUT', `${refreshPath}?refreshToken=${first.refreshToken}`);
    expect(refreshed.status).toBe(200);
    const second = refreshed.body as Ticket;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessTokenExpiration).toBe(first.accessTokenExpiration);
    const again = await call('PUT', `${refreshPath}?refreshToken=${first.refreshToken}`);
    expect(again.status).toBe(401);
    expect((again.body as ErrorBody).message).toBe(refusal);
  });

  it('refuses a refresh token of another account, an invented one, and none', async () => {
    await created(12);
    const ticket = (await signIn('shopper12@example.com', 'Secret-Password-12')).body as Ticket;
    const answers = [
      await call('PUT', `${refreshPath}?refreshToken=${ticket.refreshToken}&accountId=1001`),
      await call('PUT', `${refreshPath}?refreshToken=${'0'.repeat(40)}`),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect((await call('PUT', refreshPath)).status).toBe(400);
  });
});

describe('GET /commerce/customer/authtickets/anonymousshopper', () => {
  it('answers a ticket of anonymous claims, with no account and no refresh token', async () => {
    const answer = await call('GET', anonymousPath);
    expect(answer.status).toBe(200);
    const ticket = answer.body as Ticket;
    expect(ticket).toMatchObject({ userId: null, refreshToken: null });
    expect(ticket.customerAccount).toBeUndefined();
    expect(decodeJwt(ticket.jwtAccessToken)[userClaims]).toMatchObject({ anon: '1', accountId: null });
  });
});

describe('GET /commerce/customer/accounts/current', () => {
  it('answers the account of the shopper x-vol-user-claims names, trimmed like any account', async () => {
    const account = await created(13);
    const ticket = (await signIn('shopper13@example.com', 'Secret-Password-13')).body as Ticket;
    const current = await call('GET', currentPath, { headers: asShopper(ticket) });
    expect(current.status).toBe(200);
    expect((current.body as Account).id).toBe(account.id);
    const trimmed = await call('GET', `${currentPath}?responseFields=id,emailAddress`, {
      headers: asShopper(ticket),
    });
    expect(trimmed.body).toEqual({ id: account.id, emailAddress: 'shopper13@example.com' });
  });

  it('needs a signed-in shopper: none, an anonymous one or a forged ticket is a 401', async () => {
    const anonymous = (await call('GET', anonymousPath)).body as Ticket;
    const answers = [
      await call('GET', currentPath),
      await call('GET', currentPath, { headers: asShopper(anonymous) }),
      await call('GET', currentPath, { headers: { 'x-vol-user-claims': `${anonymous.accessToken}x` } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    for (const answer of answers) expect((answer.body as ErrorBody).errorCode).toBe('UNAUTHORIZED');
  });

  it('keeps a shopper to their own account on every operation of one account (403)', async () => {
    await created(14);
    const ticket = (await signIn('shopper14@example.com', 'Secret-Password-14')).body as Ticket;
    const other = await call('GET', `${accountsPath}/1001`, { headers: asShopper(ticket) });
    const change = await call('PUT', `${accountsPath}/1001`, {
      headers: asShopper(ticket),
      body: { emailAddress: 'taken-over@example.com' },
    });
    expect([other.status, change.status]).toEqual([403, 403]);
    expect(((await call('GET', `${accountsPath}/1001`)).body as Account).emailAddress).not.toBe(
      'taken-over@example.com',
    );
  });
});

describe('POST /commerce/customer/accounts and Add-Account-And-Login', () => {
  it('creates one account with the rules of a Bulk item: defaults, read-only fields ignored, 409 on a taken email', async () => {
    const answer = await call('POST', accountsPath, {
      body: { emailAddress: 'single@example.com', firstName: 'Sam', id: 5, userId: 'mine' },
    });
    expect(answer.status).toBe(200);
    const account = answer.body as Account;
    expect(account).toMatchObject({ emailAddress: 'single@example.com', userName: 'single@example.com' });
    expect(account.id).not.toBe(5);
    expect(account.userId).not.toBe('mine');
    const again = await call('POST', accountsPath, { body: { emailAddress: 'SINGLE@example.com' } });
    expect(again.status).toBe(409);
    expect((again.body as ErrorBody).errorCode).toBe('VALIDATION_CONFLICT');
  });

  it('signs up a shopper and answers their ticket; the new password signs in again', async () => {
    const answer = await call('POST', `${accountsPath}/Add-Account-And-Login`, {
      body: { account: { emailAddress: 'signup@example.com', firstName: 'Sue' }, password: 'New-Shopper-1' },
    });
    expect(answer.status).toBe(200);
    const ticket = answer.body as Ticket;
    expect(ticket.customerAccount?.emailAddress).toBe('signup@example.com');
    const current = await call('GET', currentPath, { headers: asShopper(ticket) });
    expect((current.body as Account).id).toBe(ticket.customerAccount?.id);
    expect((await signIn('signup@example.com', 'New-Shopper-1')).status).toBe(200);
    const noPassword = await call('POST', `${accountsPath}/Add-Account-And-Login`, {
      body: { account: { emailAddress: 'nopass@example.com' } },
    });
    expect(noPassword.status).toBe(400);
    const taken = await call('POST', `${accountsPath}/Add-Account-And-Login`, {
      body: { account: { emailAddress: 'signup@example.com' }, password: 'Other-1' },
    });
    expect(taken.status).toBe(409);
  });
});

describe('PUT /commerce/customer/accounts/{accountId}', () => {
  it('replaces the account’s own fields, keeps its contacts and the server’s fields, says who changed it', async () => {
    const account = await created(15, {
      lastName: 'Before',
      companyOrOrganization: 'Old Co',
      contacts: [{ email: 'shopper15@example.com', firstName: 'Ann' }],
    });
    const answer = await call('PUT', `${accountsPath}/${account.id}`, {
      body: { emailAddress: 'shopper15@example.com', firstName: 'Annie', id: 99, isActive: false },
    });
    expect(answer.status).toBe(200);
    const updated = answer.body as Account;
    expect(updated).toMatchObject({ id: account.id, firstName: 'Annie', userName: 'shopper15@example.com' });
    expect(updated.lastName).toBeUndefined();
    expect(updated.companyOrOrganization).toBeUndefined();
    expect(updated.isActive).toBe(account.isActive);
    expect(updated.userId).toBe(account.userId);
    expect(updated.contacts).toEqual(account.contacts);
    expect(updated.auditInfo).toMatchObject({
      createDate: (account.auditInfo as { createDate: string }).createDate,
      updateBy: 'mock.app.1.0.0.Release',
    });
    expect((await call('GET', `${accountsPath}/${account.id}`)).body).toEqual(updated);
  });

  it('replaces the contacts when they are sent, numbered from 1', async () => {
    const account = await created(16, { contacts: [{ firstName: 'A' }, { firstName: 'B' }] });
    const answer = await call('PUT', `${accountsPath}/${account.id}`, {
      body: { emailAddress: 'shopper16@example.com', contacts: [{ firstName: 'C', id: 7 }] },
    });
    const contacts = (answer.body as { contacts: { id: number; firstName: string; accountId: number }[] })
      .contacts;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ id: 1, firstName: 'C', accountId: account.id });
  });

  it('refuses an email another account holds (409), an unknown account (404) and no email (400)', async () => {
    const account = await created(17);
    const taken = await call('PUT', `${accountsPath}/${account.id}`, {
      body: { emailAddress: 'shopper1@example.com' },
    });
    const unknown = await call('PUT', `${accountsPath}/999999`, { body: { emailAddress: 'x@example.com' } });
    const noEmail = await call('PUT', `${accountsPath}/${account.id}`, { body: { firstName: 'X' } });
    expect([taken.status, unknown.status, noEmail.status]).toEqual([409, 404, 400]);
    expect((await signIn('shopper17@example.com', 'Secret-Password-17')).status).toBe(200);
  });

  it('lets the signed-in shopper change their own name, and signs in with a changed email', async () => {
    const account = await created(18);
    const ticket = (await signIn('shopper18@example.com', 'Secret-Password-18')).body as Ticket;
    const answer = await call('PUT', `${accountsPath}/${account.id}?responseFields=firstName`, {
      headers: asShopper(ticket),
      body: { emailAddress: 'renamed18@example.com', firstName: 'Renamed' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ firstName: 'Renamed' });
    expect((await signIn('renamed18@example.com', 'Secret-Password-18')).status).toBe(200);
    expect((await signIn('shopper18@example.com', 'Secret-Password-18')).status).toBe(401);
  });
});
