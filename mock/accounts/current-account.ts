import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { userClaimsHeader, type KiboAccess } from '../auth/kibo-guard.ts';
import { refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { responseGroupsOf } from './response-groups.ts';
import { tenantOf } from './tenant-of.ts';

/**
 * GET /commerce/customer/accounts/current: the account of the shopper the request's
 * `x-vol-user-claims` names (the guard has checked the claims are valid, signed in and of this
 * tenant). An account deleted since the sign-in is as gone as the claims: 401.
 */
export function getCurrentAccountHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  const grouped = responseGroupsOf(plan);
  return async (context) => {
    const accountId = context.access?.shopper?.accountId;
    const account = typeof accountId === 'number' ? await tenantOf(context).get(accountId) : undefined;
    if (!account) {
      throw unauthorized(
        `${refusedCredentials}: the shopper's account in ${userClaimsHeader} no longer exists`,
        plan.challenges ? 'Bearer realm="kibo"' : undefined,
      );
    }
    return { status: plan.success.status, body: grouped(account, context.query) };
  };
}
