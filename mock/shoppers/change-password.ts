import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import { passwordMatches } from '../accounts/login-record.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import { signInRefused } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { accountLogin } from './account-login.ts';
import { failedPasswordAttempt } from './failed-password-attempt.ts';
import { loginChangeContext, loginChanges } from './login-changes.ts';
import { withNewPassword } from './with-new-password.ts';

type PasswordInfo = components['schemas']['CustomerPasswordInfo'];

export interface ChangePasswordDependencies {
  /** The current world's hasher: a scenario loaded at run time replaces it. */
  readonly passwords: () => PasswordHasher;
  /** createUserAuthTicket's `x-lockout-after`: a wrong old password is a failed sign-in. */
  readonly lockoutAfter: number | undefined;
}

/**
 * POST /commerce/customer/accounts/{accountId}/Change-Password. The old password is checked as a
 * sign-in checks it; a wrong one is refused like a sign-in and counts toward the lockout. The
 * document lets a locked login change its password and keeps it locked unless `unlockAccount`
 * is true; the change ends every refresh token and any pending reset.
 */
export function changePasswordHandler(
  plan: OperationPlan,
  deps: ChangePasswordDependencies,
): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    const id = context.path.accountId as number;
    // Present and strings unless a run turned the password-rules assumption off.
    const { oldPassword, newPassword } = (context.body ?? {}) as PasswordInfo;
    const hasher = deps.passwords();
    // Hashed before the tenant's write lock, which should cover only the checks and the commit.
    const hash = typeof newPassword === 'string' ? hasher.hash(newPassword) : undefined;
    const change = loginChangeContext(context);
    const lock = context.query.unlockAccount === true ? 'unlock' : 'keep';
    // Checked and committed alone among the tenant's writers, so no failed attempt is lost.
    await tenant.write(async () => {
      const { account, record } = await accountLogin(tenant, id);
      const generated = tenant.generatedPassword(id);
      if (typeof oldPassword !== 'string' || !passwordMatches(record, oldPassword, generated, hasher)) {
        await tenant.commit(failedPasswordAttempt(account, record, deps.lockoutAfter, change));
        throw signInRefused(plan.challenges);
      }
      await tenant.commit(loginChanges(account, withNewPassword(record, hash, change.at), lock, change));
    });
    return { status: plan.success.status };
  };
}
