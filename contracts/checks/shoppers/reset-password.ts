import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectDeclaredError, expectStatus, expectSuccess, idsOf } from '../../expectations.ts';
import { createShoppers } from '../../shopper-fixture.ts';
import { seenAt } from '../../shopper-expectations.ts';

/**
 * Reset-Password answers an email address nobody has as it answers a shopper's: its success, the
 * same body, so asking for a reset reveals no account.
 */
export function resetPasswordCheck(plan: ApiPlan): Check {
  const reset = plan.operation(operations.resetPassword);
  const rule = plan.assumptionOf(reset.entry.operation, 'x-code-lifetime-minutes');
  return {
    group: 'shoppers',
    id: 'shoppers.reset-password-reveals-nothing',
    title: 'Reset-Password answers an unknown email address as it answers a shopper’s',
    rule: `resetPassword → ${reset.success.status} for a shopper's emailAddress, and the same ${reset.success.status} with the same body for one no account has (it never says whether the account exists)`,
    assumptions: idsOf(rule),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'reset', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const known = await context.call(operations.resetPassword, {
          body: { emailAddress: shopper.emailAddress },
        });
        const nobody = context.data.email(context.data.label('nobody'));
        const unknown = await context.call(operations.resetPassword, { body: { emailAddress: nobody } });
        const found = [
          ...expectSuccess(context.plan, known, "a shopper's email address"),
          ...expectStatus(unknown, [reset.success.status], 'an email address no account has', rule),
          ...expectDeclaredError(context, unknown),
        ];
        if (found.length > 0 || known.text === unknown.text) return found;
        return [
          seenAt(
            unknown,
            `the answer for an email address no account has (${JSON.stringify(unknown.text.slice(0, 80))}) differs from a shopper's (${JSON.stringify(known.text.slice(0, 80))})`,
            rule,
          ),
        ];
      }),
  };
}
