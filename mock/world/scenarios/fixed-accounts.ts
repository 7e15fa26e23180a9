import type { Dataset } from '../../../dataset/create-dataset.ts';
import { defaultsFiller, fieldValues, formatLocation } from '../../../openapi/field-paths.ts';
import { uniqueKeysAt, type FieldRules } from '../../../openapi/operation-plan.ts';
import type { CustomerAccount } from '../../accounts/account-store.ts';

/** Why fixed account `index` cannot be laid over the dataset; `field` is the offending field. */
export interface FixedAccountProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

/**
 * What keeps a tenant's fixed accounts from being laid over a dataset whose first id is
 * `firstId`: a field the server assigns (`readOnly` in the account schema: a fixed account takes
 * the id of the generated account it is laid over, and what comes with it), or a value of the
 * account's unique keys (`x-unique-keys`, one namespace, case-insensitive) that two of them use.
 */
export function checkFixedAccounts(
  fixed: readonly Partial<CustomerAccount>[],
  firstId: number,
  rules: FieldRules,
): FixedAccountProblem[] {
  const problems: FixedAccountProblem[] = [];
  const uniqueKeys = uniqueKeysAt(rules, []);
  const owners = new Map<string, { readonly index: number; readonly field: string }>();
  fixed.forEach((account, index) => {
    if (typeof account !== 'object' || account === null) return;
    for (const path of rules.readOnly) {
      for (const { where } of fieldValues(account, path)) {
        problems.push({
          index,
          field: formatLocation(where),
          message: `is assigned by the server (readOnly); fixed accounts take ids ${firstId}, ${firstId + 1} … in order, so this one is ${firstId + index}`,
        });
      }
    }
    const fields = account as Record<string, unknown>;
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
 * ids stay firstId, firstId + 1 … A field the fixed account leaves out that `x-default-from`
 * defaults (userName ← emailAddress) follows the fixed value, as in a created account. Logins of
 * fixed accounts are found first; a generated login that a fixed account replaced no longer
 * belongs to anyone. Throws when checkFixedAccounts finds a problem or the dataset is too small.
 */
export function withFixedAccounts(
  dataset: Dataset,
  fixed: readonly Partial<CustomerAccount>[],
  rules: FieldRules,
): Dataset {
  if (fixed.length === 0) return dataset;
  const problems = checkFixedAccounts(fixed, dataset.firstId, rules).map(
    (p) => `fixedAccounts[${p.index}].${p.field}: ${p.message}`,
  );
  if (fixed.length > dataset.size) {
    problems.push(`${fixed.length} fixed accounts need at least as many accounts (got ${dataset.size})`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  const uniqueKeys = uniqueKeysAt(rules, []);
  const fill = defaultsFiller(rules.defaults);
  const accounts = fixed.map((own, i) => {
    // Defaults apply to what QA wrote, before the generated values fill in the rest.
    const defaulted = fill(own);
    return { ...dataset.account(i), ...defaulted };
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
    loginFields: dataset.loginFields,
    account: (index) => accounts[index] ?? dataset.account(index),
    // A fixed account signs in with the password of the generated account it is laid over.
    password: (index) => dataset.password(index),
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
