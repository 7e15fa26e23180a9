import { defaultsFiller, fieldRemover } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import { conflict, partiallyCreated } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount } from './account-store.ts';
import { createAccounts, findConflicts, loginsOf, type NewAccount } from './create-accounts.ts';
import { tenantOf } from './tenant-of.ts';

type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];

/**
 * POST /commerce/customer/accounts/Bulk. The pipeline has validated every item already; this
 * applies the item schema's rules (write-only and read-only fields dropped, `x-default-from`
 * filled in), checks the tenant's unique keys over the whole batch, then creates every account or
 * none, in one commit, each with its password hashed.
 */
export function addAccountsHandler(
  plan: OperationPlan,
  passwords: () => PasswordHasher,
): OperationHandler<KiboAccess> {
  const prepare = accountPreparer(plan);
  return async (context) => {
    const tenant = tenantOf(context);
    // No body at all (body-required turned off) is a batch of nothing.
    const items = (context.body ?? []) as AccountAndAuthInfo[];
    // Not x-all-or-nothing: items that failed validation are set apart, the others go on.
    const invalid = new Set(context.rejected.map((v) => v.index));
    const candidates = items.flatMap((item, index) =>
      invalid.has(index) ? [] : [prepare(item, index, `[${index}].account`)],
    );
    const logins = loginsOf(candidates, passwords(), new Date(context.now).toISOString());
    // Checked and committed alone among the tenant's writers, so no other batch takes a value or
    // an id between the check and the commit.
    return tenant.write(async () => {
      const conflicts = await findConflicts(candidates, tenant);
      if (!plan.allOrNothing) {
        const taken = new Set(conflicts.map((v) => v.index));
        const keep = candidates.map((c) => !taken.has(c.index));
        const created = await createAccounts(
          candidates.filter((_, i) => keep[i]),
          logins.filter((_, i) => keep[i]),
          tenant,
          context,
        );
        if (context.rejected.length > 0 || conflicts.length > 0) {
          throw partiallyCreated(
            context.rejected,
            conflicts,
            created.map((a) => a.id),
          );
        }
        return answer(plan, created);
      }
      if (conflicts.length > 0) {
        const conflicting = new Set(conflicts.map((v) => v.index)).size;
        throw conflict(
          `${conflicting} of ${items.length} items use an ${tenant.uniqueKeys.join(' or ')} that is taken; nothing was created`,
          conflicts,
        );
      }
      return answer(plan, await createAccounts(candidates, logins, tenant, context));
    });
  };
}

/**
 * A CustomerAccountAndAuthInfo as a new account, by the operation's item rules: what the client
 * may not decide is dropped, what it left out is defaulted, before any check. The write-only
 * fields beside the account (the password) are kept apart to hash.
 */
export function accountPreparer(
  plan: OperationPlan,
): (item: AccountAndAuthInfo, index: number, location: string) => NewAccount {
  const rules = plan.body?.rules;
  if (!rules) throw new Error(`${plan.operationId} has no request body to create accounts from`);
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly]);
  const fill = defaultsFiller(rules.defaults);
  return (item, index, location) => ({
    index,
    location,
    account: fill(drop(item)).account ?? {},
    auth: {
      password: item.password,
      externalPassword: item.externalPassword,
      authTicketTtlMinutes: item.authTicketTtlMinutes,
      refreshTokenTtlMinutes: item.refreshTokenTtlMinutes,
    },
  });
}

/**
 * The created accounts as a CustomerAccountCollection. `x-batch-echo`: in request order, as one
 * page. Without it (the assumption turned off) the collection is what Kibo's texts say of one, "not
 * paged" (the paging fields left at 0), and newest first: a client that pairs the answer with its
 * items by position, which nothing then promises, fails against the mock as it would against such
 * a tenant.
 */
function answer(plan: OperationPlan, created: readonly CustomerAccount[]) {
  const count = created.length;
  return {
    status: plan.success.status,
    body: plan.batchEcho
      ? { startIndex: 0, pageSize: count, pageCount: 1, totalCount: count, items: created }
      : { startIndex: 0, pageSize: 0, pageCount: 0, totalCount: count, items: [...created].reverse() },
  };
}
