import type { CustomerAccount, TenantStore } from '../accounts/account-store.ts';
import { noSuchAccount } from '../accounts/get-account.ts';
import { recordOf, type LoginRecord } from '../accounts/login-record.ts';

export interface AccountLogin {
  readonly account: CustomerAccount & { readonly id: number };
  readonly record: LoginRecord;
}

/** An account's login record: the stored one, or the initial one of an account nobody signed in as. */
export async function loginRecordOf(
  tenant: TenantStore,
  account: CustomerAccount & { readonly id: number },
): Promise<LoginRecord> {
  return recordOf(await tenant.login(account.id), account.auditInfo?.createDate);
}

/** The account with this id and its login record; 404 when the tenant has no such account. */
export async function accountLogin(tenant: TenantStore, id: number): Promise<AccountLogin> {
  const found = await tenant.get(id);
  if (!found) throw noSuchAccount(id);
  const account = { ...found, id };
  return { account, record: await loginRecordOf(tenant, account) };
}
