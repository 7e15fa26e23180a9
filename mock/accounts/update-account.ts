import { defaultsFiller, fieldRemover } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { conflict } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { CustomerAccount } from './account-store.ts';
import { numbered } from './create-accounts.ts';
import { noSuchAccount } from './get-account.ts';
import { tenantOf } from './tenant-of.ts';

/**
 * PUT /commerce/customer/accounts/{accountId}, by the plan's rules: the body replaces the
 * account's own writable fields (defaults filled as on creation); the fields the document marks
 * readOnly and `x-ignored-fields` keep their stored values; `x-kept-when-absent` ones are kept
 * when the body leaves them out and replaced (numbered from 1) when sent. Its unique keys must
 * stay the account's own (409); auditInfo says who changed it, and when.
 */
export function updateAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const rules = plan.body?.rules;
  if (!rules) throw new Error(`${plan.operationId} has no request body to update an account from`);
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly, ...plan.ignoredFields.map((f) => [f])]);
  const fill = defaultsFiller(rules.defaults);
  // The server's own fields of the account itself; nested read-only ones (contact ids) are
  // assigned again when contacts are sent.
  const serverKept = [...rules.readOnly.filter((path) => path.length === 1).flat(), ...plan.ignoredFields];
  return async (context) => {
    const tenant = tenantOf(context);
    const id = context.path.accountId as number;
    const sent = fill(drop(context.body as CustomerAccount));
    return tenant.write(async () => {
      const stored = await tenant.get(id);
      if (!stored) throw noSuchAccount(id);
      for (const key of tenant.uniqueKeys) {
        const value = (sent as Record<string, unknown>)[key];
        if (typeof value !== 'string') continue;
        const owner = await tenant.findUnique(value);
        if (owner !== undefined && owner !== id) {
          throw conflict(`${key} "${value}" is already used by account ${owner}`, [
            { parameter: key, message: `${key} "${value}" is already used by account ${owner}` },
          ]);
        }
      }
      const at = new Date(context.now).toISOString();
      const auditInfo = {
        ...stored.auditInfo,
        updateBy: context.access?.claims.clientId ?? null,
        updateDate: at,
      };
      const storedFields = stored as Record<string, unknown>;
      const kept = Object.fromEntries(
        [...serverKept, ...plan.keptWhenAbsent.filter((field) => !(field in sent))]
          .filter((field) => storedFields[field] !== undefined)
          .map((field) => [field, storedFields[field]]),
      );
      const replacedLists = plan.keptWhenAbsent.some((field) => field in sent)
        ? numbered(sent, id, auditInfo)
        : {};
      const account = {
        id,
        ...sent,
        ...kept,
        ...Object.fromEntries(Object.entries(replacedLists).filter(([field]) => field in sent)),
        auditInfo,
      } as CustomerAccount & { id: number };
      await tenant.commit([{ kind: 'put', account }]);
      return { status: plan.success.status, body: account };
    });
  };
}
