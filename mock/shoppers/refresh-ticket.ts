import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { accountOfRefreshToken, refreshDigest } from '../auth/shopper-tokens.ts';
import type { CustomerAccount } from '../accounts/account-store.ts';
import { withRefresh } from '../accounts/login-record.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import { signInRefused } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { loginRecordOf } from './account-login.ts';
import type { TicketIssuer } from './issue-ticket.ts';

/**
 * PUT /commerce/customer/authtickets/refresh: trades a refresh token for a new ticket, once. The
 * token names its account; its digest must be one the account's login holds, unexpired. The new
 * ticket keeps the durations of the one it replaces. A locked account refreshes nothing.
 */
export function refreshUserAuthTicketHandler(
  plan: OperationPlan,
  deps: { readonly tickets: TicketIssuer },
): OperationHandler<KiboAccess> {
  const refused = () => signInRefused(plan.challenges);
  return async (context) => {
    const tenant = tenantOf(context);
    const sent = context.query.refreshToken;
    const token = typeof sent === 'string' ? sent : '';
    const id = accountOfRefreshToken(token);
    const asked = context.query.accountId;
    if (id === undefined || (asked !== undefined && asked !== id)) throw refused();
    const digest = await refreshDigest(token);
    return tenant.write(async () => {
      const account = await tenant.get(id);
      if (account?.id === undefined || account.isLocked === true) throw refused();
      const found = account as CustomerAccount & { id: number };
      const record = await loginRecordOf(tenant, found);
      const held = record.refreshTokens.find((h) => h.digest === digest && h.expiresAt > context.now);
      if (!held) throw refused();
      const issued = await deps.tickets.forAccount(context, found, record, held);
      const at = new Date(context.now).toISOString();
      await tenant.commit([{ kind: 'login', id, record: withRefresh(record, at, held, issued.held) }]);
      return { status: plan.success.status, body: issued.ticket };
    });
  };
}
