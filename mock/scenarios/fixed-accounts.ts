import type { CustomerAccount } from '../account-store.ts';
import type { Dataset } from '../dataset.ts';

/**
 * A dataset whose first accounts are the scenario's fixed ones: each fixed account is laid over
 * the generated account at its position, so the fields QA left out are still realistic and the
 * ids stay 1001, 1002 … Logins of fixed accounts are found first; a generated login that a fixed
 * account replaced no longer belongs to anyone.
 */
export function withFixedAccounts(dataset: Dataset, fixed: readonly Partial<CustomerAccount>[]): Dataset {
  if (fixed.length === 0) return dataset;
  const count = Math.min(fixed.length, dataset.size);
  const accounts = Array.from({ length: count }, (_, i) => {
    const account: CustomerAccount = { ...dataset.account(i), ...fixed[i] };
    // A fixed email without a userName logs in with that email, as a created account would.
    if (fixed[i]?.emailAddress !== undefined && fixed[i]?.userName === undefined)
      account.userName = account.emailAddress;
    return account;
  });
  const logins = new Map<string, number>();
  accounts.forEach((account, i) => {
    for (const name of [account.emailAddress, account.userName]) if (name) logins.set(name.toLowerCase(), i);
  });
  return {
    size: dataset.size,
    firstId: dataset.firstId,
    account: (index) => accounts[index] ?? dataset.account(index),
    indexOfId: (id) => dataset.indexOfId(id),
    indexOfLogin(login) {
      const key = login.toLowerCase();
      const own = logins.get(key);
      if (own !== undefined) return own;
      const index = dataset.indexOfLogin(key);
      return index !== undefined && index >= count ? index : undefined;
    },
  };
}
