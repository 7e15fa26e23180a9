import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import type { Exchange } from '../../../client/http-client.ts';
import { operations } from '../../../client/operations.ts';
import type { Check } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { idsOf } from '../../expectations.ts';
import { createShoppers } from '../../shopper-fixture.ts';
import { expectRefused, expectTicket, seenAt, signInRefusal } from '../../shopper-expectations.ts';
import { signIn } from '../../ticket.ts';

/**
 * A refused sign-in never says which of user and password was wrong: a wrong password and a user
 * nobody has get the same status and the same error body, so the refusal reveals no account.
 */
export function signInRefusalCheck(plan: ApiPlan): Check {
  const refusal = signInRefusal(plan);
  return {
    group: 'shoppers',
    id: 'shoppers.sign-in-refusal-reveals-nothing',
    title: 'A wrong password and an unknown user are refused alike',
    rule: "createUserAuthTicket: the right password → a ticket; a wrong one, or a user name no account has → 401 with Kibo's error body, the same errorCode and message for both (never which one was wrong)",
    assumptions: idsOf(refusal),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'refusal', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        const right = await signIn(context, shopper.userName, shopper.password);
        const { violations } = expectTicket(context, right, 'the password the account was created with');
        if (violations.length > 0) return violations;
        const wrongPassword = await signIn(context, shopper.userName, `${shopper.password}-wrong`);
        const nobody = context.data.email(context.data.label('nobody'));
        const unknownUser = await signIn(context, nobody, shopper.password);
        const found = [
          ...expectRefused(context, wrongPassword, 'a wrong password'),
          ...expectRefused(context, unknownUser, 'a user name no account has'),
        ];
        const success = context.plan.operation(operations.createUserAuthTicket).success.status;
        if (wrongPassword.status === success || unknownUser.status === success) return found;
        const [told, other] = [describe(unknownUser), describe(wrongPassword)];
        if (told === other) return found;
        return [
          ...found,
          seenAt(
            unknownUser,
            `the refusal of an unknown user (${told}) differs from that of a wrong password (${other}): it tells which one was wrong`,
            refusal,
          ),
        ];
      }),
  };
}

/** What a refusal tells a client: its status, errorCode and message. */
function describe(reply: Exchange): string {
  const { errorCode, message } = (reply.json ?? {}) as { errorCode?: unknown; message?: unknown };
  return `${reply.status} ${String(errorCode)} ${JSON.stringify(message)}`;
}
