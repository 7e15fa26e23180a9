import { recordOf } from '../accounts/login-record.ts';
import { conflict, notFound } from '../http/error-catalogue.ts';
import type { World } from '../world/world.ts';

/** The admin document's AccountCredentials: how a generated shopper signs in. */
export interface AccountCredentials {
  readonly tenantId: number;
  readonly accountId: number;
  readonly userName: string;
  readonly emailAddress: string;
  readonly password: string;
}

/**
 * A generated account's sign-in, while its password is still the dataset's: one derived from
 * (seed, tenant, index), which the mock can say again. Any other password it keeps only as a hash,
 * so an account created through the API, or whose password was changed or reset, is a 409.
 */
export async function accountCredentials(
  world: World,
  tenantId: number,
  accountId: number,
): Promise<AccountCredentials> {
  const tenant = world.tenant(tenantId);
  const account = await tenant.get(accountId);
  if (!account) {
    throw notFound(`account ${accountId} does not exist in tenant ${tenantId}`, {
      AccountId: String(accountId),
    });
  }
  const password = tenant.generatedPassword(accountId);
  const record = recordOf(await tenant.login(accountId), account.auditInfo?.createDate);
  const data = { AccountId: String(accountId) };
  if (password === undefined) {
    throw conflict(
      `account ${accountId} was created through the API: its password is kept as a hash only`,
      [],
      data,
    );
  }
  if (record.password.kind !== 'generated') {
    throw conflict(`the password of account ${accountId} is no longer the generated one`, [], data);
  }
  const emailAddress = account.emailAddress ?? '';
  return { tenantId, accountId, userName: account.userName ?? emailAddress, emailAddress, password };
}
