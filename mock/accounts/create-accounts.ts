import { createRandomizer } from '../../dataset/generators/randomizer.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import type { Violation } from '../http/error-catalogue.ts';
import type { OperationContext } from '../http/operation-context.ts';
import type { AccountChange, CustomerAccount, TenantStore } from './account-store.ts';
import { initialLogin, type LoginRecord } from './login-record.ts';

type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];
type AuditInfo = components['schemas']['AdminUserAuditInfo'];

/** What a new account is made of: the account as the client may set it, and how it signs in. */
export interface NewAccount {
  /** Its position in the request (a Bulk item's index; 0 for a single account). */
  readonly index: number;
  /** Where the account sits in the body, for messages: `[2].account`, `account`, or `` (the body). */
  readonly location: string;
  /** The account with the operation's rules applied: no write-only or read-only field, defaults filled. */
  readonly account: CustomerAccount;
  /** The write-only and ticket fields sent beside it (Bulk's and Add-Account-And-Login's). */
  readonly auth?: Pick<
    AccountAndAuthInfo,
    'password' | 'externalPassword' | 'authTicketTtlMinutes' | 'refreshTokenTtlMinutes'
  >;
}

/** Every new account whose unique key is used by an earlier one of the request or by an existing account. */
export async function findConflicts(
  accounts: readonly NewAccount[],
  tenant: TenantStore,
): Promise<Violation[]> {
  const inRequest = new Map<string, number>();
  const violations: Violation[] = [];
  const valuesOf = (account: CustomerAccount) =>
    tenant.uniqueKeys.flatMap((key) => {
      const value = (account as Record<string, unknown>)[key];
      return typeof value === 'string' ? [{ key, value }] : [];
    });
  // Every value looked up at once: one question to the backend however large the batch.
  const existing = await tenant.findUniques(
    accounts.flatMap(({ account }) => valuesOf(account).map(({ value }) => value)),
  );
  for (const { account, index, location } of accounts) {
    const values = valuesOf(account);
    for (const { key, value } of values) {
      const earlier = inRequest.get(value.toLowerCase());
      const holder = earlier === undefined ? existing.get(value.toLowerCase()) : undefined;
      const parameter = location === '' ? key : `${location}.${key}`;
      if (earlier !== undefined) {
        violations.push({
          index,
          parameter,
          message: `${parameter} "${value}" is also used by item ${earlier} of this batch`,
        });
      } else if (holder !== undefined) {
        violations.push({
          index,
          parameter,
          message: `${parameter} "${value}" is already used by account ${holder}`,
        });
      }
    }
    // The unique keys are one namespace: each is a way to sign in.
    for (const { value } of values) {
      if (!inRequest.has(value.toLowerCase())) inRequest.set(value.toLowerCase(), index);
    }
  }
  return violations;
}

/**
 * How each new account will sign in, worked out before the tenant's write lock is taken: hashing
 * costs CPU, and the lock should only cover the checks and the commit.
 */
export function loginsOf(
  accounts: readonly NewAccount[],
  passwords: PasswordHasher,
  at: string,
): LoginRecord[] {
  return accounts.map(({ auth }) => {
    const password: LoginRecord['password'] =
      typeof auth?.password === 'string'
        ? { kind: 'hash', hash: passwords.hash(auth.password) }
        : typeof auth?.externalPassword === 'string'
          ? { kind: 'imported', hash: auth.externalPassword }
          : { kind: 'none' };
    return {
      ...initialLogin(at),
      password,
      // An imported hash the mock cannot check signs nobody in until the password is reset.
      passwordChangeRequired: password.kind === 'imported' && !passwords.canVerify(password.hash),
      ticketMinutes: auth?.authTicketTtlMinutes ?? null,
      refreshMinutes: auth?.refreshTokenTtlMinutes ?? null,
    };
  });
}

/**
 * Creates the accounts in one commit, with what the server assigns (the document marks these
 * fields readOnly) and their login records. Call it inside the tenant's write(), after
 * findConflicts found none among them. `beforeCommit` may rewrite the login records once the
 * accounts have their ids (a sign-up signs its shopper in within the same commit).
 */
export async function createAccounts(
  accounts: readonly NewAccount[],
  logins: readonly LoginRecord[],
  tenant: TenantStore,
  context: OperationContext<KiboAccess>,
  beforeCommit?: (
    created: readonly (CustomerAccount & { id: number })[],
    logins: readonly LoginRecord[],
  ) => Promise<readonly LoginRecord[]>,
): Promise<(CustomerAccount & { id: number })[]> {
  const by = context.access?.claims.clientId ?? null;
  const at = new Date(context.now).toISOString();
  const auditInfo = { createBy: by, createDate: at, updateBy: by, updateDate: at };
  let id = await tenant.nextId();
  const created = accounts.map(({ account, auth }) =>
    newAccount(account, id++, tenant.tenantId, auditInfo, auth?.externalPassword != null),
  );
  const records = beforeCommit ? await beforeCommit(created, logins) : logins;
  const changes: AccountChange[] = created.flatMap((account, i) => {
    const login = records[i];
    return [
      { kind: 'put' as const, account },
      ...(login ? [{ kind: 'login' as const, id: account.id, record: login }] : []),
    ];
  });
  await tenant.commit(changes);
  return created;
}

/** What the server assigns to a new account (the document marks these fields readOnly). */
function newAccount(
  sent: CustomerAccount,
  id: number,
  tenantId: number,
  auditInfo: AuditInfo,
  hasExternalPassword: boolean,
): CustomerAccount & { id: number } {
  return {
    // id leads, as in every account Kibo returns.
    id,
    ...sent,
    userId: sent.isAnonymous ? null : userIdFor(tenantId, id),
    hasExternalPassword,
    customerSinceDate: sent.customerSinceDate ?? auditInfo.createDate,
    // Server-kept figures: a new account has done nothing yet.
    commerceSummary: {
      totalOrderAmount: { currencyCode: 'USD', amount: 0 },
      orderCount: 0,
      lastOrderDate: null,
      wishlistCount: 0,
      visitsCount: 0,
    },
    ...numbered(sent, id, auditInfo),
    auditInfo,
  };
}

/**
 * An account's contacts and notes as the server keeps them when a client sends them whole (a
 * new account, an update that replaces them): numbered from 1, each with the account's id
 * (contacts) and the audit info of the write.
 */
export function numbered(
  sent: Pick<CustomerAccount, 'contacts' | 'notes'>,
  accountId: number,
  auditInfo: AuditInfo,
): Pick<CustomerAccount, 'contacts' | 'notes'> {
  return {
    contacts: (sent.contacts ?? []).map((contact, i) => ({ ...contact, id: i + 1, accountId, auditInfo })),
    notes: sent.notes?.map((note, i) => ({ ...note, id: i + 1, auditInfo })) ?? sent.notes,
  };
}

const userIdSource = createRandomizer();

/**
 * Kibo's userId is an opaque 32-hex id; derived from (tenant, id) so fixed-clock runs repeat
 * exactly, and synchronously, so a batch is checked and committed with no await in between.
 */
function userIdFor(tenantId: number, id: number): string {
  userIdSource.seed([tenantId, id]);
  let hex = '';
  for (let word = 0; word < 4; word++) {
    hex += Math.floor(userIdSource.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return hex;
}
