import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { loginStateOf } from '../accounts/login-record.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { notFound } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { loginRecordOf } from './account-login.ts';
import { accountNamed, type LoginField } from './account-named.ts';

const fieldNames: Readonly<Record<LoginField, string>> = {
  emailAddress: 'email address',
  userName: 'user name',
};

/**
 * POST /commerce/customer/accounts/loginstatebyemailaddress and …/loginstatebyusername: the login
 * state of the account whose `field` is the query parameter of that name, case-insensitively.
 * `lockoutAfter` is createUserAuthTicket's `x-lockout-after`.
 */
export function getLoginStateByHandler(
  plan: OperationPlan,
  field: LoginField,
  lockoutAfter: number | undefined,
): OperationHandler<KiboAccess> {
  return async (context) => {
    const tenant = tenantOf(context);
    // Required unless a run turned required-parameters off; then nobody is named, and nobody found.
    const value = context.query[field] as string | undefined;
    const account = await accountNamed(tenant, value, [field]);
    if (!account) {
      throw notFound(`no account with ${fieldNames[field]} "${value ?? ''}"`, { [field]: value ?? '' });
    }
    const record = await loginRecordOf(tenant, account);
    return {
      status: plan.success.status,
      body: loginStateOf(record, account.isLocked === true, lockoutAfter),
    };
  };
}
