import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { expectDeclaredError, expectStatus, idsOf } from '../../expectations.ts';
import { expectTicket, seenAt } from '../../shopper-expectations.ts';
import { asShopper, userClaimsHeader } from '../../ticket.ts';
import { userClaimsOf } from '../../tokens.ts';
import { ticketAssumption } from './ticket-lifetimes.ts';

/**
 * A guest's ticket: an anonymous shopper's claims, no account, and no way into the current
 * account — nor is there one without claims at all.
 */
export function anonymousTicketCheck(plan: ApiPlan): Check {
  const anonymous = plan.operation(operations.createAnonymousShopperAuthTicket);
  const current = plan.operation(operations.getCurrentAccount);
  const header = current.parameters.header.find((p) => p.name.toLowerCase() === userClaimsHeader);
  const claimsRule = plan.assumptionOf(header, 'required');
  const tokens = ticketAssumption(plan, anonymous);
  return {
    group: 'shoppers',
    id: 'shoppers.anonymous-ticket',
    title: 'A guest’s ticket names no account, and reads no current account',
    rule: `createAnonymousShopperAuthTicket → ${anonymous.success.status} CustomerAuthTicket whose accessToken's user claims say anon "1", without customerAccount or userId; getCurrentAccount with those claims, or with none (${userClaimsHeader} required: ${String(header?.required === true)}) → 401`,
    assumptions: idsOf(tokens, claimsRule),
    async run(context) {
      const reply = await context.call(operations.createAnonymousShopperAuthTicket);
      const { ticket, violations } = expectTicket(context, reply, 'an anonymous shopper');
      if (!ticket) return violations;
      const found: Violation[] = [];
      const claims = userClaimsOf(ticket.accessToken);
      if (claims === undefined)
        found.push(seenAt(reply, "/accessToken must be a JWT carrying Kibo's user claims", tokens));
      else if (claims.anon !== '1')
        found.push(
          seenAt(
            reply,
            `/accessToken's user claims must say anon "1" (got ${JSON.stringify(claims.anon)})`,
            tokens,
          ),
        );
      const body = (reply.json ?? {}) as Record<string, unknown>;
      for (const field of ['customerAccount', 'userId'])
        if (body[field] !== undefined && body[field] !== null)
          found.push(
            seenAt(reply, `/${field} must be left out or null: an anonymous shopper has no account`, tokens),
          );

      const asGuest = await context.call(operations.getCurrentAccount, { headers: asShopper(ticket) });
      found.push(
        ...expectStatus(asGuest, [401], "an anonymous shopper's claims", claimsRule),
        ...expectDeclaredError(context, asGuest),
      );
      const unnamed = await context.call(operations.getCurrentAccount);
      found.push(
        ...expectStatus(unnamed, [401], `no ${userClaimsHeader}`, claimsRule),
        ...expectDeclaredError(context, unnamed),
      );
      return found;
    },
  };
}
