import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { NodeMockOptions } from '../../mock/node/create-node-mock.ts';
import { expectAllConform } from '../support/conformance.ts';
import {
  accountItem,
  accountsPath,
  bulkPath,
  fixedNow,
  fullClient,
  mockClient,
} from '../support/mock-client.ts';

type LoginState = Record<string, unknown> & {
  isLocked: boolean;
  isPasswordChangeRequired: boolean;
  failedLoginAttemptCount: number;
  remainingLoginAttempts?: number;
};
type Message = {
  seq: number;
  tenantId: number;
  to: string;
  userName: string;
  accountId: number;
  confirmationCode: string;
  expiresAt: string | null;
};
type ErrorBody = { message: string; errorCode: string };
type Account = { id: number; emailAddress: string; userName: string; isLocked?: boolean };

const tenant = 100000;
const refusal = 'Sign-in refused: the user name or password is incorrect, or the account is locked';
const codeRefusal = 'Missing or invalid parameter: the confirmation code is not valid for that user name';
const resetPath = `${accountsPath}/Reset-Password`;
const forgottenPath = `${accountsPath}/Update-Forgotten-Password`;

const clients: Awaited<ReturnType<typeof mockClient>>[] = [];
// Every answer of the API, refusals included, as its document declares it (the admin document's
// outbox is checked in admin-api.test.ts).
afterAll(() =>
  expectAllConform(clients.flatMap((c) => c.exchanges).filter((e) => !e.path.startsWith('/__mock'))),
);

/** A fresh mock and the calls these tests make of it. */
async function shoppers(options: NodeMockOptions = {}) {
  const client = await mockClient(options);
  clients.push(client);
  const { call, mock } = client;
  return {
    ...client,
    generated: (id: number) => mock.world().tenant(tenant).generatedPassword(id) ?? '',
    account: async (id: number) => (await call('GET', `${accountsPath}/${id}`)).body as Account,
    changePassword: (id: number, body: unknown, query = '', headers: Record<string, string> = {}) =>
      call('POST', `${accountsPath}/${id}/Change-Password${query}`, { body, headers }),
    loginState: async (id: number) =>
      (await call('GET', `${accountsPath}/${id}/loginstate`)).body as LoginState,
    reset: (body: unknown) => call('POST', resetPath, { body }),
    forgotten: (body: unknown) => call('POST', forgottenPath, { body }),
    outbox: async () =>
      ((await call('GET', '/__mock/outbox', { token: null })).body as { items: Message[] }).items,
  };
}

describe('POST …/{accountId}/Change-Password', () => {
  it('changes a generated shopper’s password: the old one stops working, the new one works', async () => {
    const { changePassword, generated, loginState } = await shoppers();
    const first = await changePassword(1001, {
      oldPassword: generated(1001),
      newPassword: 'Autumn-Harbor-2027',
    });
    expect(first.status).toBe(200);
    expect(first.body).toBeUndefined();
    const again = await changePassword(1001, { oldPassword: generated(1001), newPassword: 'Other-1' });
    expect(again.status).toBe(401);
    const next = await changePassword(1001, {
      oldPassword: 'Autumn-Harbor-2027',
      newPassword: 'Winter-Pier-2028',
    });
    expect(next.status).toBe(200);
    // The 401 in between counted; the change after it started the count over.
    expect(await loginState(1001)).toMatchObject({
      lastPasswordChangeOn: fixedNow,
      failedLoginAttemptCount: 0,
      updatedOn: fixedNow,
    });
  });

  it('answers a wrong old password with the sign-in refusal and counts it toward the lockout', async () => {
    const { changePassword, loginState } = await shoppers();
    const wrong = await changePassword(1002, { oldPassword: 'not-it', newPassword: 'Autumn-Harbor-2027' });
    expect.soft(wrong.status).toBe(401);
    expect.soft(wrong.headers.get('www-authenticate')).toBe('Bearer realm="kibo"');
    expect.soft(wrong.body).toMatchObject({ errorCode: 'UNAUTHORIZED', message: refusal });
    expect(await loginState(1002)).toMatchObject({
      isLocked: false,
      failedLoginAttemptCount: 1,
      remainingLoginAttempts: 4,
      firstFailedLoginAttemptOn: fixedNow,
      lastPasswordChangeOn: null,
    });
  });

  it('locks the login at the fifth wrong old password in a row, on the account too', async () => {
    const { changePassword, loginState, account } = await shoppers();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await changePassword(1003, { oldPassword: `guess-${attempt}`, newPassword: 'x' })).status).toBe(
        401,
      );
    }
    expect(await loginState(1003)).toMatchObject({ isLocked: false, remainingLoginAttempts: 1 });
    expect((await changePassword(1003, { oldPassword: 'guess-5', newPassword: 'x' })).status).toBe(401);
    expect(await loginState(1003)).toMatchObject({
      isLocked: true,
      lastLockedOn: fixedNow,
      failedLoginAttemptCount: 5,
      remainingLoginAttempts: 0,
    });
    const locked = (await account(1003)) as Account & { auditInfo: Record<string, unknown> };
    expect(locked.isLocked).toBe(true);
    expect(locked.auditInfo).toMatchObject({ updateBy: fullClient, updateDate: fixedNow });
  });

  it('keeps a locked login locked when its password changes without unlockAccount', async () => {
    const { changePassword, loginState, generated } = await shoppers({ assumptions: { lockout: 1 } });
    await changePassword(1004, { oldPassword: 'wrong', newPassword: 'x' });
    expect((await loginState(1004)).isLocked).toBe(true);
    const changed = await changePassword(1004, {
      oldPassword: generated(1004),
      newPassword: 'Locked-Still-1',
    });
    expect(changed.status).toBe(200);
    expect(await loginState(1004)).toMatchObject({ isLocked: true, lastPasswordChangeOn: fixedNow });
  });

  it('unlocks the login with unlockAccount=true once the password is changed', async () => {
    const { changePassword, loginState, generated, account } = await shoppers({
      assumptions: { lockout: 1 },
    });
    await changePassword(1005, { oldPassword: 'wrong', newPassword: 'x' });
    const changed = await changePassword(
      1005,
      { oldPassword: generated(1005), newPassword: 'Unlocked-Again-1' },
      '?unlockAccount=true',
    );
    expect(changed.status).toBe(200);
    expect(await loginState(1005)).toMatchObject({ isLocked: false, failedLoginAttemptCount: 0 });
    expect((await account(1005)).isLocked).toBe(false);
  });

  it('does not unlock with unlockAccount=true when the old password is wrong', async () => {
    const { changePassword, loginState } = await shoppers({ assumptions: { lockout: 1 } });
    await changePassword(1006, { oldPassword: 'wrong', newPassword: 'x' });
    const refused = await changePassword(
      1006,
      { oldPassword: 'wrong', newPassword: 'x' },
      '?unlockAccount=true',
    );
    expect(refused.status).toBe(401);
    expect(await loginState(1006)).toMatchObject({ isLocked: true, failedLoginAttemptCount: 2 });
  });

  it('locks after two wrong passwords with the lockout assumption set to 2', async () => {
    const { changePassword, loginState } = await shoppers({ assumptions: { lockout: 2 } });
    await changePassword(1007, { oldPassword: 'wrong-1', newPassword: 'x' });
    expect(await loginState(1007)).toMatchObject({ isLocked: false, remainingLoginAttempts: 1 });
    await changePassword(1007, { oldPassword: 'wrong-2', newPassword: 'x' });
    expect(await loginState(1007)).toMatchObject({ isLocked: true, remainingLoginAttempts: 0 });
  });

  it('counts wrong passwords but never locks, and counts nothing down, with the lockout assumption off', async () => {
    const { changePassword, loginState } = await shoppers({ assumptions: { lockout: false } });
    for (let attempt = 1; attempt <= 7; attempt++) {
      await changePassword(1008, { oldPassword: `wrong-${attempt}`, newPassword: 'x' });
    }
    const state = await loginState(1008);
    expect(state).toMatchObject({ isLocked: false, failedLoginAttemptCount: 7 });
    expect(state).not.toHaveProperty('remainingLoginAttempts');
  });

  it('changes the password of an account made by Bulk (the mock’s hash) and of a bcrypt import', async () => {
    const { call, changePassword } = await shoppers();
    const imported = bcrypt.hashSync('Old-System-Password-1', 4);
    const created = await call('POST', bulkPath, {
      body: [
        accountItem(1),
        accountItem(2, {}, { password: undefined, externalPassword: imported, isImport: true }),
      ],
    });
    const [made, importedAccount] = (created.body as { items: Account[] }).items;
    const wrong = await changePassword(made?.id ?? 0, { oldPassword: 'Secret-Password-2', newPassword: 'x' });
    expect(wrong.status).toBe(401);
    const own = await changePassword(made?.id ?? 0, {
      oldPassword: 'Secret-Password-1',
      newPassword: 'New-1',
    });
    expect(own.status).toBe(200);
    const fromBcrypt = await changePassword(importedAccount?.id ?? 0, {
      oldPassword: 'Old-System-Password-1',
      newPassword: 'New-2',
    });
    expect(fromBcrypt.status).toBe(200);
    expect(
      (await changePassword(importedAccount?.id ?? 0, { oldPassword: 'New-2', newPassword: 'New-3' })).status,
    ).toBe(200);
  });

  it('refuses an imported hash it cannot verify like a wrong password, whatever is sent', async () => {
    const { call, changePassword, loginState } = await shoppers();
    const created = await call('POST', bulkPath, {
      body: [
        accountItem(
          3,
          {},
          { password: undefined, externalPassword: 'pbkdf2-sha256$310000$hash', isImport: true },
        ),
      ],
    });
    const id = (created.body as { items: Account[] }).items[0]?.id ?? 0;
    expect((await loginState(id)).isPasswordChangeRequired).toBe(true);
    const refused = await changePassword(id, { oldPassword: 'pbkdf2-sha256$310000$hash', newPassword: 'x' });
    expect(refused.status).toBe(401);
    expect((await loginState(id)).failedLoginAttemptCount).toBe(1);
  });

  it('refuses a missing, empty or over-long new password and a missing old one with 400, changing nothing', async () => {
    const { changePassword, generated, loginState } = await shoppers();
    const bodies = [
      { oldPassword: generated(1009) },
      { oldPassword: generated(1009), newPassword: '' },
      { oldPassword: generated(1009), newPassword: 'p'.repeat(256) },
      { oldPassword: generated(1009), newPassword: null },
      { newPassword: 'Autumn-Harbor-2027' },
      { oldPassword: generated(1009), newPassword: 'Autumn-Harbor-2027', favourite: 'teal' },
    ];
    for (const body of bodies) {
      const answer = await changePassword(1009, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect((answer.body as ErrorBody).message).not.toContain(generated(1009));
    }
    expect(await loginState(1009)).toMatchObject({ failedLoginAttemptCount: 0, lastPasswordChangeOn: null });
  });

  it('answers 404 for an account the tenant does not have', async () => {
    const { changePassword } = await shoppers();
    const answer = await changePassword(999999, { oldPassword: 'a', newPassword: 'b' });
    expect(answer.status).toBe(404);
    expect((answer.body as ErrorBody).errorCode).toBe('ITEM_NOT_FOUND');
  });

  it('answers 403 to a shopper changing another account’s password', async () => {
    const { changePassword, generated, mock } = await shoppers();
    const ticket = await mock.world().shoppers.ticket({
      clientId: fullClient,
      tenantId: tenant,
      shopper: { accountId: 1011, userId: 'a'.repeat(32), userName: 'someone@example.com' },
      accessSeconds: 600,
      refreshSeconds: 600,
    });
    const claims = { 'x-vol-user-claims': ticket.accessToken };
    const body = { oldPassword: generated(1010), newPassword: 'Not-Mine-1' };
    const other = await changePassword(1010, body, '', claims);
    expect(other.status).toBe(403);
    const own = await changePassword(1011, { ...body, oldPassword: generated(1011) }, '', claims);
    expect(own.status).toBe(200);
  });

  it('ends a pending reset and the held refresh tokens when the password changes', async () => {
    const { changePassword, generated, reset, forgotten, outbox, account, mock } = await shoppers();
    const { userName } = await account(1012);
    expect((await reset({ userName })).status).toBe(200);
    const [message] = await outbox();
    // A refresh token held from an earlier sign-in (its digest, as sign-in stores it).
    const store = mock.world().tenant(tenant);
    const record = await store.login(1012);
    expect(record?.reset).not.toBeNull();
    if (!record) throw new Error('the reset stored no login record');
    const held = {
      digest: 'd'.repeat(64),
      expiresAt: Date.parse(fixedNow) + 3_600_000,
      accessMinutes: 60,
      refreshMinutes: 60,
    };
    await store.write(() =>
      store.commit([{ kind: 'login', id: 1012, record: { ...record, refreshTokens: [held] } }]),
    );

    expect(
      (await changePassword(1012, { oldPassword: generated(1012), newPassword: 'Changed-1' })).status,
    ).toBe(200);
    expect(await store.login(1012)).toMatchObject({ reset: null, refreshTokens: [] });
    const late = await forgotten({
      userName,
      confirmationCode: message?.confirmationCode,
      newPassword: 'Reset-1',
    });
    expect(late.status).toBe(400);
  });
});

describe('POST …/Reset-Password and …/Update-Forgotten-Password', () => {
  it('answers 200 for a name no account has, and puts nothing in the outbox', async () => {
    const { reset, outbox } = await shoppers();
    expect((await reset({ emailAddress: 'nobody@example.com' })).status).toBe(200);
    expect((await reset({ userName: 'nobody-at-all' })).status).toBe(200);
    expect((await reset({})).status).toBe(200);
    expect(await outbox()).toEqual([]);
  });

  it('answers the same for a known and an unknown account', async () => {
    const { reset, account } = await shoppers();
    const known = await reset({ emailAddress: (await account(1013)).emailAddress });
    const unknown = await reset({ emailAddress: 'nobody@example.com' });
    expect([known.status, known.body, [...known.headers.keys()].sort()]).toEqual([
      unknown.status,
      unknown.body,
      [...unknown.headers.keys()].sort(),
    ]);
  });

  it('puts an unguessable code in the outbox for an email address in any case, valid 60 minutes', async () => {
    const { reset, outbox, account } = await shoppers();
    const shopper = await account(1014);
    expect((await reset({ emailAddress: shopper.emailAddress.toUpperCase() })).status).toBe(200);
    await reset({ emailAddress: shopper.emailAddress });
    const [first, second] = await outbox();
    expect(first).toMatchObject({
      tenantId: tenant,
      kind: 'password-reset',
      to: shopper.emailAddress,
      userName: shopper.userName,
      accountId: 1014,
      at: fixedNow,
      expiresAt: '2026-11-27T11:00:00.000Z',
    });
    expect(first?.confirmationCode).toMatch(/^[0-9a-f]{32}$/);
    expect(second?.confirmationCode).not.toBe(first?.confirmationCode);
  });

  it('finds the account by user name when the email address names none', async () => {
    const { call, reset, outbox } = await shoppers();
    await call('POST', bulkPath, { body: [accountItem(4, { userName: 'mortiz' })] });
    await reset({ emailAddress: 'nobody@example.com', userName: 'MOrtiz' });
    expect((await outbox()).map((m) => [m.to, m.userName])).toEqual([['shopper4@example.com', 'mortiz']]);
  });

  it('sets the new password with the code, unlocks, clears a required change and uses the code up', async () => {
    const { call, reset, forgotten, outbox, loginState, changePassword, account } = await shoppers();
    const { userName } = await account(1015);
    await call('POST', `${accountsPath}/1015/Set-Login-Locked`, { body: true });
    await call('POST', `${accountsPath}/1015/Set-Password-Change-Required`, { body: true });
    await changePassword(1015, { oldPassword: 'wrong', newPassword: 'x' });
    await reset({ userName });
    const [message] = await outbox();
    const done = await forgotten({
      userName,
      confirmationCode: message?.confirmationCode,
      newPassword: 'Fresh-Start-1',
    });
    expect(done.status).toBe(200);
    expect(done.body).toBeUndefined();
    expect(await loginState(1015)).toMatchObject({
      isLocked: false,
      isPasswordChangeRequired: false,
      failedLoginAttemptCount: 0,
      lastPasswordChangeOn: fixedNow,
    });
    expect((await account(1015)).isLocked).toBe(false);
    const again = await forgotten({
      userName,
      confirmationCode: message?.confirmationCode,
      newPassword: 'Second-1',
    });
    expect(again.status).toBe(400);
    expect(
      (await changePassword(1015, { oldPassword: 'Fresh-Start-1', newPassword: 'Later-1' })).status,
    ).toBe(200);
  });

  it('takes the email address as the user name, and only the newest code', async () => {
    const { reset, forgotten, outbox, account } = await shoppers();
    const { emailAddress } = await account(1016);
    await reset({ emailAddress });
    await reset({ emailAddress });
    const [older, newer] = await outbox();
    const stale = await forgotten({
      userName: emailAddress,
      confirmationCode: older?.confirmationCode,
      newPassword: 'a',
    });
    expect(stale.status).toBe(400);
    const fresh = await forgotten({
      userName: emailAddress.toUpperCase(),
      confirmationCode: newer?.confirmationCode,
      newPassword: 'Fresh-2',
    });
    expect(fresh.status).toBe(200);
  });

  it('refuses a wrong code, another user’s code and an unknown user with one message', async () => {
    const { reset, forgotten, outbox, account, loginState } = await shoppers();
    const ann = await account(1017);
    const bob = await account(1018);
    await reset({ userName: ann.userName });
    await reset({ userName: bob.userName });
    const [annCode, bobCode] = (await outbox()).map((m) => m.confirmationCode);
    const attempts = [
      { userName: ann.userName, confirmationCode: 'f'.repeat(32), newPassword: 'x' },
      { userName: ann.userName, confirmationCode: bobCode, newPassword: 'x' },
      { userName: 'nobody@example.com', confirmationCode: annCode, newPassword: 'x' },
      { userName: ann.userName, confirmationCode: null, newPassword: 'x' },
      { userName: null, confirmationCode: annCode, newPassword: 'x' },
    ];
    for (const body of attempts) {
      const answer = await forgotten(body);
      expect.soft(answer.status, JSON.stringify(body)).toBe(400);
      expect
        .soft(answer.body)
        .toMatchObject({ errorCode: 'MISSING_OR_INVALID_PARAMETER', message: codeRefusal });
    }
    // Nothing changed: Ann's own code still works.
    expect((await loginState(1017)).lastPasswordChangeOn).toBeNull();
    expect(
      (await forgotten({ userName: ann.userName, confirmationCode: annCode, newPassword: 'Mine-1' })).status,
    ).toBe(200);
  });

  it('refuses a required field missing and an empty new password with 400', async () => {
    const { forgotten } = await shoppers();
    for (const body of [
      { userName: 'a@example.com', confirmationCode: 'c' },
      { userName: 'a@example.com', newPassword: 'n' },
      { userName: 'a@example.com', confirmationCode: 'c', newPassword: '' },
    ]) {
      const answer = await forgotten(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('refuses a code past its lifetime (reset-codes set to 0 minutes)', async () => {
    const { reset, forgotten, outbox, account } = await shoppers({ assumptions: { 'reset-codes': 0 } });
    const { userName } = await account(1019);
    await reset({ userName });
    const [message] = await outbox();
    expect(message?.expiresAt).toBe(fixedNow);
    const late = await forgotten({
      userName,
      confirmationCode: message?.confirmationCode,
      newPassword: 'Late-1',
    });
    expect(late.status).toBe(400);
  });

  it('keeps a code working until it is used with the reset-codes assumption off', async () => {
    const { reset, forgotten, outbox, account } = await shoppers({ assumptions: { 'reset-codes': false } });
    const { userName } = await account(1020);
    await reset({ userName });
    const [message] = await outbox();
    expect(message?.expiresAt).toBeNull();
    const done = await forgotten({
      userName,
      confirmationCode: message?.confirmationCode,
      newPassword: 'Any-Time-1',
    });
    expect(done.status).toBe(200);
  });
});

describe('passwords are data', () => {
  it('never answers, logs, journals or stores a password or a reset code in clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kibo-passwords-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const lines: string[] = [];
    const client = await shoppers({ dataDir: dir, log: (line) => lines.push(line) });
    const { call, changePassword, generated, reset, forgotten, outbox, account, mock, exchanges } = client;
    const secrets = [
      'Bulk-Made-Secret-1',
      'Wrong-Guess-Secret-2',
      'Changed-To-Secret-3',
      'Too-Long-Secret-' + 'q'.repeat(250),
      'Forgotten-New-Secret-4',
      'Wrong-Code-Secret-5',
    ];
    const [bulkMade, wrongGuess, changedTo, tooLong, forgottenNew, wrongCode] = secrets;
    const created = await call('POST', bulkPath, { body: [accountItem(5, {}, { password: bulkMade })] });
    const id = (created.body as { items: Account[] }).items[0]?.id ?? 0;
    await changePassword(id, { oldPassword: wrongGuess, newPassword: changedTo });
    await changePassword(id, { oldPassword: bulkMade, newPassword: tooLong });
    await changePassword(id, { oldPassword: bulkMade, newPassword: changedTo });
    await changePassword(1021, { oldPassword: generated(1021), newPassword: changedTo });
    const { userName } = await account(id);
    await reset({ userName });
    const code = (await outbox())[0]?.confirmationCode ?? '';
    await forgotten({ userName, confirmationCode: wrongCode, newPassword: forgottenNew });
    await forgotten({ userName, confirmationCode: code, newPassword: forgottenNew });
    expect(exchanges.map((e) => e.status)).toEqual([200, 401, 400, 200, 200, 200, 200, 200, 400, 200]);

    const answers = exchanges.filter((e) => !e.path.startsWith('/__mock')).map((e) => e.text);
    const journal = JSON.stringify(mock.journal.list());
    mock.close();
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('latin1'));
    const stored = files.join('\n');
    // The searches must see what they search, or finding no secret would prove nothing.
    expect(stored).toContain('shopper5@example.com');
    expect(stored).toContain('$scrypt$');
    expect(journal).toContain('changePassword');
    expect(lines.join('\n')).toContain('Change-Password');
    for (const secret of [...secrets, generated(1021), code]) {
      const where = { answers: answers.join('\n'), log: lines.join('\n'), journal, stored };
      for (const [place, text] of Object.entries(where))
        expect(text, `${place} holds a secret`).not.toContain(secret);
    }
  });
});
