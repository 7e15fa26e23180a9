import { createHash } from 'node:crypto';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationEntry } from '../../openapi/load-document.ts';
import { defaultsFrom, requestItemSchema, uniqueKeys } from '../../openapi/rules.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { CustomerAccount, TenantStore } from './account-store.ts';
import { kiboError, type Violation } from '../http/errors.ts';
import { tenantOf, type OperationHandler } from '../http/operation-context.ts';

type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];
type AuditInfo = components['schemas']['AdminUserAuditInfo'];

/**
 * POST /commerce/customer/accounts/Bulk. The pipeline has validated every item already; this
 * checks the uniqueness rule (`x-unique-keys`) over the whole batch, then creates every account or
 * none. Write-only fields (`x-write-only`) are dropped here: they are never stored nor returned.
 */
export function addAccountsHandler(entry: OperationEntry): OperationHandler {
  const itemSchema = requestItemSchema(entry) as OpenAPIV3_1.SchemaObject;
  const accountSchema = itemSchema.properties?.account as OpenAPIV3_1.SchemaObject;
  const keys = uniqueKeys(entry);
  const copiedDefaults = defaultsFrom(accountSchema);

  return (context) => {
    const tenant = tenantOf(context);
    const items = context.body as AccountAndAuthInfo[];
    const accounts = items.map((item) => withCopiedDefaults(item, copiedDefaults));
    const conflicts = findConflicts(accounts, keys, tenant);
    if (conflicts.length > 0) {
      const conflicting = new Set(conflicts.map((v) => v.index)).size;
      throw kiboError(
        409,
        'VALIDATION_CONFLICT',
        `Validation conflict: ${conflicting} of ${items.length} items use an ${keys.join(' or ')} that is taken; nothing was created`,
        { violations: conflicts },
      );
    }
    const by = context.claims?.clientId ?? null;
    const at = new Date(context.now).toISOString();
    let id = tenant.nextId();
    const created = items.map((item, i) => {
      const account = accounts[i] ?? {};
      return newAccount(
        account,
        id++,
        tenant.tenantId,
        { createBy: by, createDate: at, updateBy: by, updateDate: at },
        item.externalPassword != null,
      );
    });
    tenant.insert(created);
    return {
      status: 200,
      body: {
        startIndex: 0,
        pageSize: created.length,
        pageCount: 1,
        totalCount: created.length,
        items: created,
      },
    };
  };
}

function withCopiedDefaults(
  item: AccountAndAuthInfo,
  copies: readonly { property: string; from: string }[],
): CustomerAccount {
  const account: Record<string, unknown> = { ...item.account };
  for (const { property, from } of copies) {
    if (account[property] == null) account[property] = account[from];
  }
  return account;
}

/** Every item whose unique key is used by an earlier item of the batch or by an existing account. */
function findConflicts(
  accounts: readonly CustomerAccount[],
  keys: readonly string[],
  tenant: TenantStore,
): Violation[] {
  const inBatch = new Map<string, number>();
  const violations: Violation[] = [];
  accounts.forEach((account, index) => {
    // emailAddress and userName share one namespace: both are ways to log in.
    const names = new Set(
      keys
        .map((key) => (account as Record<string, unknown>)[key])
        .filter((v): v is string => typeof v === 'string'),
    );
    for (const key of keys) {
      const value = (account as Record<string, unknown>)[key];
      if (typeof value !== 'string') continue;
      const login = value.toLowerCase();
      const earlier = inBatch.get(login);
      const existing = tenant.findLogin(login);
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
    for (const name of names) if (!inBatch.has(name.toLowerCase())) inBatch.set(name.toLowerCase(), index);
  });
  return violations;
}

function newAccount(
  sent: CustomerAccount,
  id: number,
  tenantId: number,
  auditInfo: AuditInfo,
  hasExternalPassword: boolean,
): CustomerAccount {
  return {
    // id leads, as in every account Kibo returns; an id the client sent is not kept.
    id,
    ...withoutId(sent),
    userId: sent.isAnonymous ? null : userIdFor(tenantId, id),
    hasExternalPassword,
    customerSinceDate: sent.customerSinceDate ?? auditInfo.createDate,
    // Server-kept figures: a new account has done nothing yet, whatever the client claims.
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

function withoutId(account: CustomerAccount): Omit<CustomerAccount, 'id'> {
  const { id: _sent, ...rest } = account;
  return rest;
}

/** Kibo's userId is an opaque 32-hex id; derived from (tenant, id) so fixed-clock runs repeat exactly. */
function userIdFor(tenantId: number, id: number): string {
  return createHash('sha256').update(`${tenantId}:${id}`).digest('hex').slice(0, 32);
}
