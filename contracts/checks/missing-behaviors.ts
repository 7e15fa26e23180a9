import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { idsOf, tagged } from '../expectations.ts';
import { claimedBehaviors } from '../tokens.ts';
import { limitedCall } from './required-behaviors.ts';

/**
 * One check per behavior the operations require (`x-required-behaviors`): a token with every
 * other behavior but that one (`--token-without B=…`, `--client-without B=…`) is refused, with 403,
 * Kibo's error body and no change, by each operation that names it. The limited client covers
 * one behavior; these cover each, so a target that skips any one behavior check is caught.
 */
export function missingBehaviorChecks(plan: ApiPlan): Check[] {
  const guarded = plan.operations.filter((o) => o.security.length > 0 && o.requiredBehaviors.length > 0);
  const behaviors = [...new Set(guarded.flatMap((o) => o.requiredBehaviors))].sort();
  return behaviors.map((behavior): Check => {
    const needing = guarded.filter((o) => o.requiredBehaviors.includes(behavior));
    const namings = needing.map((o) => plan.assumptionOf(o.entry.operation, 'x-required-behaviors'));
    return {
      group: 'auth',
      id: `auth.without-${behavior.replace(/[^a-z0-9-]+/gi, '-')}`,
      title: `A token without ${behavior} is refused by every operation that requires it`,
      rule: `x-required-behaviors: ${needing.map((o) => o.operationId).join(', ')} need ${behavior}; a valid token with every other behavior → 403 with Kibo's error body, and nothing changes`,
      assumptions: idsOf(...namings),
      async run(context) {
        const token = await context.tokenWithout(behavior);
        if (token === undefined) {
          skip(`no token lacking ${behavior} was given (--token-without or --client-without ${behavior}=…)`);
        }
        // A token that names its behaviors must lack this one, or the check would prove nothing.
        if (claimedBehaviors(token)?.has(behavior) === true) {
          skip(`the token given as lacking ${behavior} carries it (its app_claims.behaviors name it)`);
        }
        return cleaningUp(context, async () => {
          const violations: Violation[] = [];
          for (const operation of needing) {
            const naming = context.plan.assumptionOf(operation.entry.operation, 'x-required-behaviors');
            violations.push(
              ...tagged(await limitedCall(context, operation, `Bearer ${token}`, [behavior]), naming),
            );
          }
          return violations;
        });
      },
    };
  });
}
