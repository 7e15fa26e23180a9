import { isDeepStrictEqual } from 'node:util';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { errorSummary } from '../../client/error-summary.ts';
import { locate, type Exchange } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { succeeded } from '../expectations.ts';
import { createShoppers, type Shopper } from '../shopper-fixture.ts';
import type { RunContext } from '../run-context.ts';
import { validRequest } from '../valid-request.ts';

/**
 * Tenant isolation: another tenant's client, sending every operation on one of this tenant's
 * accounts a request that would otherwise be valid, never sees it and never changes it. The
 * other tenant may well have an account with the same id (ids are per tenant on the mock), so a
 * read is judged by whose account came back, and a change by reading the account again with the
 * run's own token.
 */
export function otherTenantCheck(plan: ApiPlan): Check {
  const scoped = accountScoped(plan);
  return {
    group: 'auth',
    id: 'auth.other-tenant',
    title: "Another tenant's client can neither read nor change this tenant's accounts",
    rule: `a token is valid for its own tenants only: ${scoped.map((o) => o.operationId).join(', ')} with another tenant's token on one of this tenant's accounts → never that account (a 4xx, or the other tenant's own), and the account is unchanged`,
    async run(context) {
      const token = await context.token('other-tenant');
      if (token === undefined) {
        skip(
          "no other tenant's client was given (--other-tenant-client-id and --other-tenant-client-secret)",
        );
      }
      return cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'tenant', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const before = await context.call(operations.getAccount, { params: { accountId: shopper.id } });
        const violations: Violation[] = [];
        for (const operation of scoped) {
          const label = context.data.label('tenant');
          const request = await validRequest(context, operation, label, () => Promise.resolve(shopper));
          if (!request) continue;
          const reply = await context.call(operation.operationId, {
            ...request,
            authorization: `Bearer ${token}`,
          });
          if (reply.status >= 200 && reply.status < 300 && reveals(reply.text, shopper)) {
            violations.push({
              location: locate(reply),
              message: `another tenant's token got ${reply.status} with this tenant's account ${shopper.id} (its emailAddress is in the answer)`,
            });
          }
        }
        violations.push(...(await unchanged(context, shopper, before)));
        return violations;
      });
    },
  };
}

/** The secured operations on one account (an `accountId` in the path): reads first, the delete last. */
function accountScoped(plan: ApiPlan): OperationPlan[] {
  const rank = (o: OperationPlan) => (o.method === 'GET' ? 0 : o.method === 'DELETE' ? 2 : 1);
  return plan.operations
    .filter((o) => o.security.length > 0 && o.parameters.path.some((p) => p.name === 'accountId'))
    .sort((a, b) => rank(a) - rank(b));
}

function reveals(text: string, shopper: Shopper): boolean {
  return text.toLowerCase().includes(shopper.emailAddress.toLowerCase());
}

/** The account, read again with the run's token, is still there and as it was. */
async function unchanged(context: RunContext, shopper: Shopper, before: Exchange): Promise<Violation[]> {
  const after = await context.call(operations.getAccount, { params: { accountId: shopper.id } });
  if (!succeeded(context.plan, after)) {
    return [
      {
        location: locate(after),
        message: `account ${shopper.id} cannot be read any more after another tenant's requests${errorSummary(after)}`,
      },
    ];
  }
  if (succeeded(context.plan, before) && !isDeepStrictEqual(after.json, before.json)) {
    return [
      {
        location: locate(after),
        message: `account ${shopper.id} changed after another tenant's requests (${changedFields(before.json, after.json).join(', ')})`,
      },
    ];
  }
  return [];
}

function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (field) => !isDeepStrictEqual(a[field], b[field]),
  );
}
