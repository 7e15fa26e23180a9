import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { invalidParameter, unauthorized } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { TokenService } from './token-service.ts';

/** POST /platform/applications/authtickets/oauth: client credentials and refresh, as Kibo's home pod. */
export function oauthAuthenticateAppHandler(
  plan: OperationPlan,
  tokens: () => TokenService,
): OperationHandler {
  return async (context) => {
    const result = await tokens().grant(context.body);
    if (result.ok) return { status: plan.success.status, body: result.response };
    if (result.status === 401) {
      throw unauthorized(result.message, 'Bearer realm="kibo", error="invalid_client"');
    }
    throw invalidParameter(result.parameter, result.message);
  };
}
