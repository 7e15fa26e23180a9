import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { loginRecordOf } from './account-login.ts';
import { accountNamed } from './account-named.ts';
import type { Outbox } from './outbox.ts';
import { newResetCode, pendingReset } from './reset-code.ts';

type ResetInfo = components['schemas']['CustomerResetPasswordInfo'];

/**
 * POST /commerce/customer/accounts/Reset-Password. The answer is the same 200 whoever is named,
 * so it never says whether an account exists. When the email address (else the user name) is an
 * account's, a new confirmation code replaces any earlier one: its digest goes in the login
 * record, the code itself only to the mock's outbox, where Kibo would have e-mailed it.
 */
export function resetPasswordHandler(
  plan: OperationPlan,
  outbox: () => Outbox,
): OperationHandler<KiboAccess> {
  const lifetime = plan.codeLifetimeMinutes;
  return async (context) => {
    const tenant = tenantOf(context);
    const { emailAddress, userName } = (context.body ?? {}) as ResetInfo;
    const code = newResetCode();
    const expiresAt = lifetime === undefined ? undefined : context.now + lifetime * 60_000;
    const reset = await pendingReset(code, expiresAt);
    await tenant.write(async () => {
      const named =
        (await accountNamed(tenant, emailAddress, ['emailAddress'])) ??
        (await accountNamed(tenant, userName, ['userName']));
      // An account without an email address has nowhere to get the code.
      if (!named?.emailAddress) return;
      const record = await loginRecordOf(tenant, named);
      await tenant.commit([{ kind: 'login', id: named.id, record: { ...record, reset } }]);
      // In the same write: on a shared store the code and its message are kept together or not at all.
      await outbox().put({
        at: new Date(context.now).toISOString(),
        tenantId: tenant.tenantId,
        kind: 'password-reset',
        to: named.emailAddress,
        userName: named.userName ?? named.emailAddress,
        accountId: named.id,
        confirmationCode: code,
        expiresAt: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
      });
    });
    return { status: plan.success.status };
  };
}
