import { Configuration } from '@kibocommerce/rest-sdk';
import {
  CustomerAccountApi,
  StorefrontAuthTicketApi,
  type CustomerAuthTicket,
} from '@kibocommerce/rest-sdk/clients/Customer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseValidator } from '../../contracts/response-validator.ts';
import { startServer, type RunningServer } from '../../mock/node/server.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { fetchToken } from '../support/spawned-mock.ts';

// Whole shopper journeys through the official SDK's own methods, over a real socket: what a
// storefront's sign-up, sign-in and My Account screens do. Every answer is held to the document.

let server: RunningServer;
let appToken: string;
const validator = createResponseValidator(await loadPlan());
const problems: string[] = [];

/** The SDK's fetch, recording each answer's conformance to the document. */
const checkedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await fetch(input, init);
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const text = await response.clone().text();
  const method = init?.method ?? 'GET';
  for (const problem of validator.validate({
    method,
    path: url.pathname,
    status: response.status,
    headers: response.headers,
    text,
  })) {
    problems.push(`${method} ${url.pathname}: ${problem}`);
  }
  return response;
};

/**
 * The SDK as an app configures it: with its access token, or, once a shopper signed in, with
 * `appClaims` (its token) and `userClaims` (the shopper's): the SDK then sends x-vol-app-claims and
 * x-vol-user-claims and no Authorization. (Its setUserClaims throws in this SDK version: its
 * context has a getter only, so user claims go in at construction.)
 */
function session(userClaims?: string) {
  const configuration = new Configuration({
    tenantId: '100000',
    siteId: '100001',
    apiHost: server.url,
    ...(userClaims === undefined ? { accessToken: () => appToken } : { appClaims: appToken, userClaims }),
    fetchApi: checkedFetch,
  });
  return {
    accounts: new CustomerAccountApi(configuration),
    tickets: new StorefrontAuthTicketApi(configuration),
  };
}

async function refusal(call: Promise<unknown>): Promise<number | undefined> {
  return call.then(
    () => undefined,
    (error: unknown) => (error as { response?: { status: number } }).response?.status,
  );
}

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
  appToken = await fetchToken(server.url);
});

afterAll(async () => {
  await server?.close();
  expect(problems).toEqual([]);
});

describe('a shopper’s journey through the official SDK', () => {
  it('signs in after Bulk, manages My Account and the address book, changes the password, is locked and unlocked', async () => {
    const { accounts: app, tickets } = session();
    const [created] =
      (
        await app.addAccounts({
          customerAccountAndAuthInfo: [
            {
              account: { emailAddress: 'journey@example.com', firstName: 'Jo', lastName: 'Urney' },
              password: 'First-Pass-1',
            },
          ],
        })
      ).items ?? [];
    const accountId = created?.id ?? 0;

    const ticket = await tickets.createUserAuthTicket({
      customerUserAuthInfo: { username: 'journey@example.com', password: 'First-Pass-1' },
    });
    expect(ticket.customerAccount?.id).toBe(accountId);
    const { accounts } = session(ticket.accessToken ?? '');
    expect((await accounts.getCurrentAccount({})).emailAddress).toBe('journey@example.com');

    const renamed = await accounts.updateAccount({
      accountId,
      customerAccount: { emailAddress: 'journey@example.com', firstName: 'Joanna', lastName: 'Urney' },
    });
    expect(renamed.firstName).toBe('Joanna');
    expect((await accounts.getCurrentAccount({})).firstName).toBe('Joanna');

    const contact = await accounts.addAccountContact({
      accountId,
      customerContact: {
        firstName: 'Joanna',
        lastNameOrSurname: 'Urney',
        email: 'journey@example.com',
        address: {
          address1: '1 Main St',
          cityOrTown: 'Portland',
          stateOrProvince: 'OR',
          postalOrZipCode: '97209',
          countryCode: 'US',
        },
        types: [{ name: 'Shipping', isPrimary: true }],
      },
    });
    const contactId = contact.id ?? 0;
    const moved = await accounts.updateAccountContact({
      accountId,
      contactId,
      customerContact: { ...contact, address: { ...contact.address, address1: '2 Main St' } },
    });
    expect(moved.address?.address1).toBe('2 Main St');
    expect((await accounts.getAccountContacts({ accountId })).items?.some((c) => c.id === contactId)).toBe(
      true,
    );
    await accounts.deleteAccountContact({ accountId, contactId });
    expect(await refusal(accounts.getAccountContact({ accountId, contactId }))).toBe(404);

    await accounts.changePassword({
      accountId,
      customerPasswordInfo: { oldPassword: 'First-Pass-1', newPassword: 'Second-Pass-2' },
    });
    const signIn = (password: string) =>
      tickets.createUserAuthTicket({ customerUserAuthInfo: { username: 'journey@example.com', password } });
    expect(await refusal(signIn('First-Pass-1'))).toBe(401);
    expect((await signIn('Second-Pass-2')).customerAccount?.id).toBe(accountId);

    // An administrator's application locks and unlocks the login (no shopper's claims).
    const admin = session();
    await admin.accounts.setLoginLocked({ accountId, body: true });
    expect(await refusal(signIn('Second-Pass-2'))).toBe(401);
    expect((await admin.accounts.getLoginState({ accountId })).isLocked).toBe(true);
    await admin.accounts.setLoginLocked({ accountId, body: false });
    expect((await signIn('Second-Pass-2')).customerAccount?.id).toBe(accountId);
  });

  it('keeps a signed-in shopper out of another account', async () => {
    const { accounts: app, tickets } = session();
    await app.addAccounts({
      customerAccountAndAuthInfo: [
        { account: { emailAddress: 'nosy@example.com' }, password: 'Nosy-Pass-1' },
      ],
    });
    const ticket = await tickets.createUserAuthTicket({
      customerUserAuthInfo: { username: 'nosy@example.com', password: 'Nosy-Pass-1' },
    });
    const { accounts } = session(ticket.accessToken ?? '');
    expect(await refusal(accounts.getAccount({ accountId: 1001 }))).toBe(403);
    expect(await refusal(accounts.getAccountContacts({ accountId: 1001 }))).toBe(403);
  });

  it('signs up with Add-Account-And-Login and refreshes the ticket once', async () => {
    const { accounts: app, tickets } = session();
    const signedUp: CustomerAuthTicket = await app.addAccountAndLogin({
      customerAccountAndAuthInfo: {
        account: { emailAddress: 'newcomer@example.com', firstName: 'New' },
        password: 'Newcomer-1',
      },
    });
    const { accounts } = session(signedUp.accessToken ?? '');
    expect((await accounts.getCurrentAccount({})).emailAddress).toBe('newcomer@example.com');
    const refreshed = await tickets.refreshUserAuthTicket({ refreshToken: signedUp.refreshToken ?? '' });
    expect(refreshed.customerAccount?.emailAddress).toBe('newcomer@example.com');
    expect(await refusal(tickets.refreshUserAuthTicket({ refreshToken: signedUp.refreshToken ?? '' }))).toBe(
      401,
    );
  });

  it('gives an anonymous shopper a ticket with no account', async () => {
    const { tickets } = session();
    const anonymous = await tickets.createAnonymousShopperAuthTicket({});
    expect(anonymous.accessToken).toBeTruthy();
    expect(anonymous.customerAccount).toBeUndefined();
  });

  it('resets a forgotten password with the code from the mock’s outbox', async () => {
    const { accounts, tickets } = session();
    await accounts.addAccounts({
      customerAccountAndAuthInfo: [
        { account: { emailAddress: 'forgetful@example.com' }, password: 'Forgotten-1' },
      ],
    });
    await accounts.resetPassword({ customerResetPasswordInfo: { emailAddress: 'forgetful@example.com' } });
    const outbox = (await (await fetch(`${server.url}/__mock/outbox`)).json()) as {
      items: { to: string; userName: string; confirmationCode: string }[];
    };
    const message = outbox.items.findLast((m) => m.to === 'forgetful@example.com');
    expect(message).toBeDefined();
    await accounts.updateForgottenPassword({
      confirmationInfo: {
        userName: message?.userName ?? '',
        confirmationCode: message?.confirmationCode ?? '',
        newPassword: 'Remembered-2',
      },
    });
    const signIn = (password: string) =>
      tickets.createUserAuthTicket({ customerUserAuthInfo: { username: 'forgetful@example.com', password } });
    expect(await refusal(signIn('Forgotten-1'))).toBe(401);
    expect((await signIn('Remembered-2')).customerAccount?.emailAddress).toBe('forgetful@example.com');
  });

  it('signs a generated shopper in with the credentials the admin API gives', async () => {
    const { accounts, tickets } = session();
    // About one generated shopper in fifty is locked, as on a real tenant: take one who is not.
    const page = await accounts.getAccounts({ filter: 'isLocked eq false', pageSize: 1 });
    const accountId = page.items?.[0]?.id ?? 0;
    const answer = await fetch(`${server.url}/__mock/tenants/100000/accounts/${accountId}/credentials`);
    expect(answer.status).toBe(200);
    const credentials = (await answer.json()) as { userName: string; password: string };
    const ticket = await tickets.createUserAuthTicket({
      customerUserAuthInfo: { username: credentials.userName, password: credentials.password },
    });
    expect(ticket.customerAccount?.id).toBe(accountId);
  });
});
