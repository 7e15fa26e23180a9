import { fieldRemover } from '../openapi/field-paths.ts';
import type { OperationPlan } from '../openapi/operation-plan.ts';
import type { components } from '../openapi/types.gen.ts';

type CustomerAccount = components['schemas']['CustomerAccount'];

/** One item of the Bulk body. */
export type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];
/** An item without its password: what `--out` writes. */
export type AccountInput = Omit<AccountAndAuthInfo, 'password'>;

/**
 * Fields of a generated account an import leaves out although the document lets a client send
 * them: segments and attributes point at tenant configuration (segment ids, attribute
 * definitions) a target need not have, and Kibo assigns segments through their own API; sign-in
 * state (lock, two-factor, anonymity, subscription migration) and the customer set belong to the
 * target tenant, not to the history an import carries over.
 */
const tenantOwned = [
  'segments',
  'attributes',
  'customerSet',
  'isLocked',
  'last2FaDate',
  'isAnonymous',
  'migrationRequired',
];

/**
 * What a real import sends for a generated account, given the Bulk operation's plan: the shopper's
 * own data and the history the old system knew (customerSinceDate, externalId, notes), never what
 * the document marks as the server's (`readOnly`: ids, userId, audit info, commerce summary) or
 * write-only (those travel beside the account, as the seeder's password does). Nulls and empty
 * lists stay out too: absent means the same, and a million accounts get a good deal smaller.
 */
export function accountInputOf(bulk: OperationPlan): (account: CustomerAccount) => AccountInput {
  const rules = bulk.body?.rules;
  if (!rules) throw new Error(`${bulk.operationId} has no request body to seed accounts through`);
  const asSent = fieldRemover([
    ...rules.readOnly,
    ...rules.writeOnly,
    ...tenantOwned.map((field) => ['account', field]),
  ]);
  return (account) => {
    const { account: sent = {} } = asSent({ account }) as AccountInput;
    // A bulk load, not shoppers signing up: Kibo treats imported accounts as migrated.
    return { account: compact(sent), isImport: true };
  };
}

/** The value without null, undefined, empty-list and empty-object members, at any depth. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value)
    .map(([key, v]) => [key, compact(v)] as const)
    .filter(
      ([, v]) =>
        v !== null &&
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0),
    );
  return Object.fromEntries(kept) as T;
}
