import type { CustomerAccount, TenantStore } from '../accounts/account-store.ts';

export type LoginField = 'emailAddress' | 'userName';

type Named = CustomerAccount & { id: number };

/**
 * The account a shopper names by one of its logins: the one whose `fields` hold `value`,
 * case-insensitively. The tenant's unique keys are one namespace (findUnique finds the holder of a
 * value in any of them), so the holder is then checked to hold it in a field asked for: an email
 * address given as a user name finds nobody unless the user name is that address.
 */
export async function accountNamed(
  tenant: TenantStore,
  value: string | null | undefined,
  fields: readonly LoginField[],
): Promise<Named | undefined> {
  if (typeof value !== 'string' || value === '') return undefined;
  const wanted = value.toLowerCase();
  const holds = (account: CustomerAccount) =>
    fields.some((field) => account[field]?.toLowerCase() === wanted);
  // A run with the duplicates assumption off keeps no index of logins (and may hold one twice):
  // the first holder in id order, found by a scan, is the one that signs in.
  if (!fields.every((field) => tenant.uniqueKeys.includes(field))) {
    for await (const account of tenant.scan()) {
      if (holds(account) && account.id != null) return { ...account, id: account.id };
    }
    return undefined;
  }
  const id = await tenant.findUnique(value);
  const account = id === undefined ? undefined : await tenant.get(id);
  return account && id !== undefined && holds(account) ? { ...account, id } : undefined;
}
