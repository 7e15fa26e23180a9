import { defaultsFiller, fieldRemover } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import { conflict } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount, TenantStore } from './account-store.ts';
import { createAccounts, findConflicts, loginsOf, type NewAccount } from './create-accounts.ts';
import { tenantOf } from './tenant-of.ts';

/**
 * POST /commerce/customer/accounts: one account, with the same rules as a Bulk item (its
 * schema's read-only and write-only fields dropped, defaults filled, unique keys checked: 409).
 * It has no password: it signs in once a reset sets one.
 */
export function addAccountHandler(
  plan: OperationPlan,
  passwords: () => PasswordHasher,
): OperationHandler<KiboAccess> {
  const rules = plan.body?.rules;
  if (!rules) throw new Error(`${plan.operationId} has no request body to create an account from`);
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly]);
  const fill = defaultsFiller(rules.defaults);
  return async (context) => {
    const tenant = tenantOf(context);
    const account = fill(drop(context.body as CustomerAccount));
    const created = await createOne(tenant, { index: 0, location: '', account }, passwords(), context);
    return { status: plan.success.status, body: created };
  };
}

/**
 * Creates one account, alone among the tenant's writers, or answers 409 naming the taken value.
 * `signIn` may turn its login record into a signed-in one in the same commit.
 */
export async function createOne(
  tenant: TenantStore,
  account: NewAccount,
  passwords: PasswordHasher,
  context: Parameters<OperationHandler<KiboAccess>>[0],
  signIn?: Parameters<typeof createAccounts>[4],
): Promise<CustomerAccount & { id: number }> {
  const logins = loginsOf([account], passwords, new Date(context.now).toISOString());
  return tenant.write(async () => {
    const conflicts = await findConflicts([account], tenant);
    if (conflicts[0]) throw conflict(conflicts[0].message, conflicts);
    const [created] = await createAccounts([account], logins, tenant, context, signIn);
    if (!created) throw new Error('createAccounts returned nothing for one account');
    return created;
  });
}
