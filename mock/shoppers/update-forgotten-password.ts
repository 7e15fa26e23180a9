import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';
import { confirmationRefused } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { loginRecordOf } from './account-login.ts';
import { accountNamed } from './account-named.ts';
import { loginChangeContext, loginChanges } from './login-changes.ts';
import { resetCodeWorks } from './reset-code.ts';
import { withNewPassword } from './with-new-password.ts';

type ConfirmationInfo = components['schemas']['ConfirmationInfo'];

/**
 * POST /commerce/customer/accounts/Update-Forgotten-Password. The right user name (or email
 * address) and a code of theirs that still works set the new password, unlock the login and use
 * the code up; anything else is one 400 that never says what was wrong, and changes nothing.
 */
export function updateForgottenPasswordHandler(
  plan: OperationPlan,
  passwords: () => PasswordHasher,
): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    const { userName, confirmationCode, newPassword } = (context.body ?? {}) as ConfirmationInfo;
    // Hashed before the tenant's write lock, which should cover only the checks and the commit.
    const hash = typeof newPassword === 'string' ? passwords().hash(newPassword) : undefined;
    const change = loginChangeContext(context);
    await tenant.write(async () => {
      const account = await accountNamed(tenant, userName, ['userName', 'emailAddress']);
      const record = account && (await loginRecordOf(tenant, account));
      const works =
        record !== undefined &&
        typeof confirmationCode === 'string' &&
        (await resetCodeWorks(record.reset, confirmationCode, context.now));
      if (!account || !record || !works) throw confirmationRefused();
      await tenant.commit(loginChanges(account, withNewPassword(record, hash, change.at), 'unlock', change));
    });
    return { status: plan.success.status };
  };
}
