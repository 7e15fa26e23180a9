import { uniqueKeysAt, type ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectDeclaredError, expectStatus, expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import { upperLocalPart } from '../../other-case.ts';
import { createShoppers } from '../../shopper-fixture.ts';
import { seenAt } from '../../shopper-expectations.ts';
import { updateBody } from '../../update-body.ts';

/**
 * One check per `x-unique-keys` field of an account: an update that gives an account another's
 * value (in other case) is refused like a Bulk duplicate, and changes nothing.
 */
export function updateDuplicateChecks(plan: ApiPlan): Check[] {
  const update = plan.operation(operations.updateAccount);
  const rule =
    plan.assumptionOf(update.response(409), 'status') ??
    plan.assumptionOf(plan.schema('CustomerAccount'), 'x-unique-keys');
  return uniqueKeysAt(plan.rulesOf('CustomerAccount'), []).map((key) => ({
    group: 'shoppers',
    id: `shoppers.update-duplicate-${key}`,
    title: `An update cannot take another account's ${key}`,
    rule: `x-unique-keys: ${key} stays unique per tenant, case-insensitively, on updateAccount too → 409 with Kibo's error body; the account keeps its own`,
    assumptions: idsOf(rule),
    run: (context) =>
      cleaningUp(context, async () => {
        // The user name is its own value here, not the email address the fixture defaults it to.
        const [taken, updated] = await createShoppers(context, 'update', 2, (_, label) =>
          key === 'emailAddress' ? {} : { [key]: `ct-${context.data.runId}-${label}-login` },
        );
        if (!taken || !updated) throw new Error('Bulk created fewer shoppers than asked');
        const value = taken.account[key];
        if (typeof value !== 'string') throw new Error(`Bulk answered no ${key} for account ${taken.id}`);
        const own = updated.account[key];
        const params = { accountId: updated.id };
        const reply = await context.call(operations.updateAccount, {
          params,
          body: updateBody(context.plan, updated.account, { [key]: upperLocalPart(value) }),
        });
        const found: Violation[] = [
          ...expectStatus(reply, [409], `account ${taken.id}'s ${key} in other case`, rule),
          ...expectDeclaredError(context, reply),
        ];
        const after = await context.call(operations.getAccount, { params });
        if (!succeeded(context.plan, after))
          return [...found, ...expectSuccess(context.plan, after, 'the account')];
        const now = (after.json as Record<string, unknown> | undefined)?.[key];
        if (now === own) return found;
        const refused = reply.status === 409;
        // Changed after a refusal breaks any contract; changed by an update that went through is the rule's.
        return [
          ...found,
          seenAt(
            after,
            `/${key} is ${JSON.stringify(now)}, account ${taken.id}'s, after ${refused ? 'a refused' : 'the'} update (was ${JSON.stringify(own)})`,
            refused ? undefined : rule,
          ),
        ];
      }),
  }));
}
