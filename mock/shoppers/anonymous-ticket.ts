import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { TicketIssuer } from './issue-ticket.ts';

/** GET /commerce/customer/authtickets/anonymousshopper: a ticket for a shopper who has not signed in. */
export function createAnonymousShopperAuthTicketHandler(
  plan: OperationPlan,
  deps: { readonly tickets: TicketIssuer },
): OperationHandler<KiboAccess> {
  return async (context) => ({
    status: plan.success.status,
    body: (await deps.tickets.anonymous(context)).ticket,
  });
}
