import type { CustomerAccount } from '../../accounts/account-store.ts';
import type { Dataset } from '../../../dataset/create-dataset.ts';

/**
 * Fields the server assigns (the document's descriptions say so), which a fixed account cannot
 * choose: it takes the id of the generated account it is laid over, and the login id and audit
 * trail that come with it.
 */
export const serverAssignedFields = ['id', 'userId', 'auditInfo'] as const;

/** Why fixed account `index` cannot be laid over the dataset; `field` is the offending field. */
export interface FixedAccountProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

/**
 * What keeps a tenant's fixed accounts from being laid over a dataset whose first id is
 * `firstId`: a server-assigned field, or a login two of them use. `uniqueKeys` are the document's
 * (addAccounts' x-unique-keys); as in Bulk they are one namespace, compared case-insensitively,
 * since each is a way to log in.
 */
export function checkFixedAccounts(
  fixed: readonly Partial<CustomerAccount>[],
  firstId: number,
  uniqueKeys: readonly string[],
): FixedAccountProblem[] {
  const problems: FixedAccountProblem[] = [];
  const owners = new Map<string, { readonly index: number; readonly field: string }>();
  fixed.forEach((account, index) => {
    if (typeof account !== 'object' || account === null) return;
    const fields = account as Record<string, unknown>;
    for (const field of serverAssignedFields) {
      if (fields[field] === undefined) continue;
      problems.push({
        index,
        field,
        message: `is assigned by the server; fixed accounts take ids ${firstId}, ${firstId + 1} … in order, so this one is ${firstId + index}`,
      });
    }
    for (const field of uniqueKeys) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      const owner = owners.get(value.toLowerCase());
      if (!owner) owners.set(value.toLowerCase(), { index, field });
      else if (owner.index !== index) {
        problems.push({
          index,
          field,
          message: `"${value}" is also the ${owner.field} of fixedAccounts[${owner.index}]; ${uniqueKeys.join(' and ')} must be unique per tenant, case-insensitively`,
        });
      }
    }
  });
  return problems;
}

/**
 * A dataset whose first accounts are the scenario's fixed ones: each fixed account is laid over
 * the generated account at its position, so the fields QA left out are still realistic and the
 * ids stay firstId, firstId + 1 … Logins of fixed accounts are found first; a generated login that
 * a fixed account replaced no longer belongs to anyone. Throws when checkFixedAccounts finds a
 * problem or the dataset is too small to hold them all.
 */
export function withFixedAccounts(
  dataset: Dataset,
  fixed: readonly Partial<CustomerAccount>[],
  uniqueKeys: readonly string[],
): Dataset {
  if (fixed.length === 0) return dataset;
  const problems = checkFixedAccounts(fixed, dataset.firstId, uniqueKeys).map(
    (p) => `fixedAccounts[${p.index}].${p.field}: ${p.message}`,
  );
  if (fixed.length > dataset.size) {
    problems.push(`${fixed.length} fixed accounts need at least as many accounts (got ${dataset.size})`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  const accounts = fixed.map((own, i) => {
    const account: CustomerAccount = { ...dataset.account(i), ...own };
    // A fixed email without a userName logs in with that email, as a created account would.
    if (own.emailAddress !== undefined && own.userName === undefined) account.userName = account.emailAddress;
    return account;
  });
  const logins = new Map<string, number>();
  accounts.forEach((account, i) => {
    for (const key of uniqueKeys) {
      const name = (account as Record<string, unknown>)[key];
      if (typeof name === 'string' && name !== '') logins.set(name.toLowerCase(), i);
    }
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
      return index !== undefined && index >= accounts.length ? index : undefined;
    },
  };
}
