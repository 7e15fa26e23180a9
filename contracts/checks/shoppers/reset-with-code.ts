import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import { skip, type Check, type Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectDeclaredError, expectStatus, expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import { latestResetCode } from '../../reset-code.ts';
import { createShoppers, newPassword } from '../../shopper-fixture.ts';
import { expectRefused, expectTicket, signInRefusal } from '../../shopper-expectations.ts';
import { signIn } from '../../ticket.ts';

/**
 * A forgotten password replaced with the code Reset-Password sent: the new password signs in, the
 * old one no longer does, and the code works once. Needs the code, which a tenant e-mails: only a
 * target that offers an outbox (the mock) can be checked.
 */
export function resetWithCodeCheck(plan: ApiPlan): Check {
  const reset = plan.operation(operations.resetPassword);
  const codes = plan.assumptionOf(reset.entry.operation, 'x-code-lifetime-minutes');
  const refusal = signInRefusal(plan);
  return {
    group: 'shoppers',
    id: 'shoppers.reset-password-with-code',
    title: 'The reset code sets a new password, once',
    rule: `resetPassword → the code (from the target's outbox) → updateForgottenPassword with userName, confirmationCode and newPassword → ${plan.operation(operations.updateForgottenPassword).success.status}: the new password signs in, the old one is refused; the same code again → 400 (a code works once${reset.codeLifetimeMinutes === undefined ? '' : `, for ${reset.codeLifetimeMinutes} minutes`})`,
    assumptions: idsOf(codes, refusal),
    async run(context) {
      if (context.target.outboxUrl === undefined)
        skip(
          'no outbox was given (--outbox-url): the target e-mails the confirmation code to the shopper, whose mail the suite cannot read',
        );
      return cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'forgot', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const asked = await context.call(operations.resetPassword, {
          body: { emailAddress: shopper.emailAddress },
        });
        if (!succeeded(context.plan, asked))
          return expectSuccess(context.plan, asked, "a shopper's email address");
        const confirmationCode = await latestResetCode(context, shopper.emailAddress);
        const replaced = newPassword(context, shopper.label);
        const body = { userName: shopper.userName, confirmationCode, newPassword: replaced };
        const confirmed = await context.call(operations.updateForgottenPassword, { body });
        if (!succeeded(context.plan, confirmed))
          return expectSuccess(context.plan, confirmed, 'the code the outbox holds');
        const found: Violation[] = [
          ...expectTicket(context, await signIn(context, shopper.userName, replaced), 'the new password')
            .violations,
          ...expectRefused(
            context,
            await signIn(context, shopper.userName, shopper.password),
            'the forgotten password',
          ),
        ];
        const again = await context.call(operations.updateForgottenPassword, {
          body: { ...body, newPassword: `${replaced}-again` },
        });
        return [
          ...found,
          ...expectStatus(again, [400], 'a confirmation code used once already', codes),
          ...expectDeclaredError(context, again),
        ];
      });
    },
  };
}
