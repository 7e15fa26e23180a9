import type { Assumption } from '../../../openapi/assumption-marks.ts';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import { skip, type Check, type Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { createShoppers, type Shopper } from '../../shopper-fixture.ts';
import { expectRefused, seenAt } from '../../shopper-expectations.ts';
import { signIn } from '../../ticket.ts';

/**
 * `x-lockout-after` wrong passwords in a row lock the login: one fewer leaves it open (the login
 * state says so), the last one locks it, and then even the right password is refused.
 */
export function lockoutCheck(plan: ApiPlan): Check {
  const signInPlan = plan.operation(operations.createUserAuthTicket);
  const limit = signInPlan.lockoutAfter;
  const rule = plan.assumptionOf(signInPlan.entry.operation, 'x-lockout-after');
  const refusal = plan.assumptionOf(signInPlan.response(401), 'status');
  return {
    group: 'shoppers',
    id: 'shoppers.lockout',
    title: 'Wrong passwords in a row lock the login',
    rule: `createUserAuthTicket x-lockout-after: ${limit ?? '(none)'} → after ${limit === undefined ? 'that many' : limit - 1} wrong passwords getLoginState says not locked; after ${limit ?? 'that many'} it says locked, and the right password is refused (401)`,
    assumptions: idsOf(rule, refusal),
    async run(context) {
      if (limit === undefined) skip('the document sets no x-lockout-after on createUserAuthTicket');
      return cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'lockout', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const found: Violation[] = [];
        for (let failed = 1; failed <= limit; failed++) {
          const wrong = await signIn(context, shopper.userName, `${shopper.password}-wrong-${failed}`);
          const refused = expectRefused(context, wrong, `wrong password ${failed} of ${limit}`);
          if (wrong.status === context.plan.operation(operations.createUserAuthTicket).success.status)
            return [...found, ...refused];
          found.push(...refused);
          if (failed === limit - 1)
            found.push(...(await loginState(context, shopper, { locked: false, failed, of: limit }, rule)));
        }
        const right = await signIn(context, shopper.userName, shopper.password);
        found.push(...expectRefused(context, right, `the right password after ${limit} wrong ones`, rule));
        return [
          ...found,
          ...(await loginState(context, shopper, { locked: true, failed: limit, of: limit }, rule)),
        ];
      });
    },
  };
}

/** getLoginState of the shopper: locked or not, as the count of wrong passwords says. */
async function loginState(
  context: RunContext,
  shopper: Shopper,
  expected: { readonly locked: boolean; readonly failed: number; readonly of: number },
  rule: Assumption | undefined,
): Promise<Violation[]> {
  const { locked, failed, of } = expected;
  const reply = await context.call(operations.getLoginState, { params: { accountId: shopper.id } });
  if (!succeeded(context.plan, reply)) return expectSuccess(context.plan, reply, "the shopper's login");
  const state = (reply.json ?? {}) as { isLocked?: unknown; remainingLoginAttempts?: unknown };
  const found: Violation[] = [];
  const after = `after ${failed} wrong passwords of ${of}`;
  if (state.isLocked !== locked)
    found.push(
      seenAt(reply, `/isLocked must be ${locked} ${after} (got ${JSON.stringify(state.isLocked)})`, rule),
    );
  // Optional: a login state without a lockout limit leaves it out.
  if (typeof state.remainingLoginAttempts === 'number' && state.remainingLoginAttempts !== of - failed)
    found.push(
      seenAt(
        reply,
        `/remainingLoginAttempts must be ${of - failed} ${after} (got ${state.remainingLoginAttempts})`,
        rule,
      ),
    );
  return found;
}
