import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import type { CustomerAccount } from '../accounts/account-store.ts';
import { afterSignIn, passwordMatches } from '../accounts/login-record.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import { signInRefused } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { loginRecordOf } from './account-login.ts';
import { accountNamed } from './account-named.ts';
import { failedPasswordAttempt } from './failed-password-attempt.ts';
import { loginChangeContext } from './login-changes.ts';
import type { TicketIssuer } from './issue-ticket.ts';

type CustomerUserAuthInfo = components['schemas']['CustomerUserAuthInfo'];

/**
 * POST /commerce/customer/authtickets: a shopper signs in with their userName or emailAddress
 * (and, optionally, the accountId it must be) and password. Every refusal is the same 401; a
 * wrong password for an account that exists counts toward its lockout. The checks and the
 * record's update run alone among the tenant's writers, so two wrong passwords sent at once both
 * count.
 */
export function createUserAuthTicketHandler(
  plan: OperationPlan,
  deps: { readonly passwords: () => PasswordHasher; readonly tickets: TicketIssuer },
): OperationHandler<KiboAccess> {
  const refused = () => signInRefused(plan.challenges);
  return async (context) => {
    const tenant = tenantOf(context);
    const sent = context.body as CustomerUserAuthInfo;
    const change = loginChangeContext(context);
    return tenant.write(async () => {
      const named = await accountNamed(tenant, sent.username, ['userName', 'emailAddress']);
      const id = sent.accountId ?? named?.id;
      // A user name and an account id that disagree sign nobody in.
      if (id === undefined || (named !== undefined && named.id !== id)) throw refused();
      const account = named ?? (await tenant.get(id));
      if (account?.id === undefined || account.isAnonymous === true) throw refused();
      const found = account as CustomerAccount & { id: number };
      const record = await loginRecordOf(tenant, found);
      const password = typeof sent.password === 'string' ? sent.password : '';
      if (!passwordMatches(record, password, tenant.generatedPassword(found.id), deps.passwords())) {
        await tenant.commit(failedPasswordAttempt(found, record, plan.lockoutAfter, change));
        throw refused();
      }
      if (found.isLocked === true || record.passwordChangeRequired) throw refused();
      const issued = await deps.tickets.forAccount(context, found, record, {
        accessMinutes: sent.authTicketTtlMinutes,
        refreshMinutes: sent.refreshTokenTtlMinutes,
      });
      await tenant.commit([
        { kind: 'login', id: found.id, record: afterSignIn(record, change.at, issued.held) },
      ]);
      return { status: plan.success.status, body: issued.ticket };
    });
  };
}
