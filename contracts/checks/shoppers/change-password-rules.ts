import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectDeclaredError, expectStatus, idsOf, tagged } from '../../expectations.ts';
import { createShoppers, newPassword } from '../../shopper-fixture.ts';
import { expectTicket } from '../../shopper-expectations.ts';
import { signIn } from '../../ticket.ts';

/**
 * One check per field Change-Password's body requires (the old and the new password): a change
 * without it is a 400, and the shopper still signs in with the password they had.
 */
export function changePasswordRuleChecks(plan: ApiPlan): Check[] {
  const change = plan.operation(operations.changePassword);
  const schema = change.body?.schema;
  const rule = plan.assumptionOf(schema, 'required');
  return (schema?.required ?? []).map((field) => ({
    group: 'shoppers',
    id: `shoppers.change-password-without-${field}`,
    title: `A password change without ${field} is refused`,
    rule: `changePassword body required: ${schema?.required?.join(', ') ?? ''} → without ${field} 400 with Kibo's error body; the password stays as it was`,
    assumptions: idsOf(rule),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'change', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const whole: Record<string, string> = {
          oldPassword: shopper.password,
          newPassword: newPassword(context, shopper.label),
        };
        const body = Object.fromEntries(Object.entries(whole).filter(([name]) => name !== field));
        const reply = await context.call(operations.changePassword, {
          params: { accountId: shopper.id },
          body,
        });
        const still = await signIn(context, shopper.userName, shopper.password);
        const kept = expectTicket(context, still, `the password a change without ${field} left`).violations;
        return [
          ...expectStatus(reply, [400], `no ${field}`, rule),
          ...expectDeclaredError(context, reply),
          // Changed after a refusal breaks any contract; changed by a change that went through is the rule's.
          ...tagged(kept, reply.status === 400 ? undefined : rule),
        ];
      }),
  }));
}
