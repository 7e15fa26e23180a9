import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import { afterSignIn } from './login-record.ts';
import type { TicketIssuer, IssuedTicket } from '../shoppers/issue-ticket.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { createOne } from './add-account.ts';
import { accountPreparer } from './add-accounts.ts';
import { tenantOf } from './tenant-of.ts';

type AccountAndAuthInfo = components['schemas']['CustomerAccountAndAuthInfo'];

/**
 * POST /commerce/customer/accounts/Add-Account-And-Login: a storefront sign-up. The account is
 * created as a Bulk item would be, and its shopper signed in within the same commit: the answer is
 * their ticket, the login record holds its refresh token.
 */
export function addAccountAndLoginHandler(
  plan: OperationPlan,
  deps: { readonly passwords: () => PasswordHasher; readonly tickets: TicketIssuer },
): OperationHandler<KiboAccess> {
  const prepare = accountPreparer(plan);
  return async (context) => {
    const tenant = tenantOf(context);
    const item = context.body as AccountAndAuthInfo;
    const at = new Date(context.now).toISOString();
    let issued: IssuedTicket | undefined;
    await createOne(tenant, prepare(item, 0, 'account'), deps.passwords(), context, async (created, logins) =>
      Promise.all(
        created.map(async (account, i) => {
          const login = logins[i];
          if (!login) throw new Error('a created account has no login record');
          issued = await deps.tickets.forAccount(context, account, login, {});
          return afterSignIn(login, at, issued.held);
        }),
      ),
    );
    if (!issued) throw new Error('the sign-up issued no ticket');
    return { status: plan.success.status, body: issued.ticket };
  };
}
