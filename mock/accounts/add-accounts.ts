import { createRandomizer } from '../../dataset/generators/randomizer.ts';
import { defaultsFiller, fieldRemover } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { conflict, partiallyCreated, type Violation } from '../http/error-catalogue.ts';
import type { OperationContext, OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount, TenantStore } from './account-store.ts';
import { tenantOf } from './tenant-of.ts';

type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];
type AuditInfo = components['schemas']['AdminUserAuditInfo'];

/**
 * POST /commerce/customer/accounts/Bulk. The pipeline has validated every item already; this
 * applies the item schema's rules (write-only and read-only fields dropped, `x-default-from`
 * filled in), checks the tenant's unique keys over the whole batch, then creates every account or
 * none, in one commit.
 */
export function addAccountsHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const rules = plan.body?.rules;
  if (!rules) throw new Error(`${plan.operationId} has no request body to create accounts from`);
  // What the client may not decide is dropped, what it left out is defaulted, before any check.
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly]);
  const fill = defaultsFiller(rules.defaults);
  const prepare = (item: AccountAndAuthInfo): AccountAndAuthInfo => fill(drop(item));

  return async (context) => {
    const tenant = tenantOf(context);
    // No body at all (body-required turned off) is a batch of nothing.
    const items = (context.body ?? []) as AccountAndAuthInfo[];
    // Not x-all-or-nothing: items that failed validation are set apart, the others go on.
    const invalid = new Set(context.rejected.map((v) => v.index));
    const candidates = items.flatMap((item, index) =>
      invalid.has(index) ? [] : [{ index, account: prepare(item).account ?? {} }],
    );
    // Checked and committed alone among the tenant's writers, so no other batch takes a value or
    // an id between the check and the commit.
    return tenant.write(async () => {
      const conflicts = await findConflicts(candidates, tenant);
      if (!plan.allOrNothing) {
        const taken = new Set(conflicts.map((v) => v.index));
        const created = await create(
          candidates.filter(({ index }) => !taken.has(index)),
          items,
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
      return answer(plan, await create(candidates, items, tenant, context));
    });
  };
}

/** Creates the accounts, in one commit, with what the server assigns. */
async function create(
  accepted: readonly { index: number; account: CustomerAccount }[],
  items: readonly AccountAndAuthInfo[],
  tenant: TenantStore,
  context: OperationContext<KiboAccess>,
): Promise<(CustomerAccount & { id: number })[]> {
  const by = context.access?.claims.clientId ?? null;
  const at = new Date(context.now).toISOString();
  const auditInfo = { createBy: by, createDate: at, updateBy: by, updateDate: at };
  let id = await tenant.nextId();
  const created = accepted.map(({ index, account }) =>
    newAccount(account, id++, tenant.tenantId, auditInfo, items[index]?.externalPassword != null),
  );
  await tenant.commit(created.map((account) => ({ kind: 'put', account })));
  return created;
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

/** Every item whose unique key is used by an earlier item of the batch or by an existing account. */
async function findConflicts(
  accounts: readonly { index: number; account: CustomerAccount }[],
  tenant: TenantStore,
): Promise<Violation[]> {
  const inBatch = new Map<string, number>();
  const violations: Violation[] = [];
  for (const { account, index } of accounts) {
    const values = tenant.uniqueKeys.flatMap((key) => {
      const value = (account as Record<string, unknown>)[key];
      return typeof value === 'string' ? [{ key, value }] : [];
    });
    for (const { key, value } of values) {
      const earlier = inBatch.get(value.toLowerCase());
      const existing = earlier === undefined ? await tenant.findUnique(value) : undefined;
      const parameter = `[${index}].account.${key}`;
      if (earlier !== undefined) {
        violations.push({
          index,
          parameter,
          message: `${parameter} "${value}" is also used by item ${earlier} of this batch`,
        });
      } else if (existing !== undefined) {
        violations.push({
          index,
          parameter,
          message: `${parameter} "${value}" is already used by account ${existing}`,
        });
      }
    }
    // The unique keys are one namespace: each is a way to sign in.
    for (const { value } of values) {
      if (!inBatch.has(value.toLowerCase())) inBatch.set(value.toLowerCase(), index);
    }
  }
  return violations;
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
    contacts: (sent.contacts ?? []).map((contact, i) => ({
      ...contact,
      id: i + 1,
      accountId: id,
      auditInfo,
    })),
    notes: sent.notes?.map((note, i) => ({ ...note, id: i + 1, auditInfo })) ?? sent.notes,
    auditInfo,
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
