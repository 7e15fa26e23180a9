import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import { unauthorized } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import type { TokenService } from './token-service.ts';

type OauthAuthRequest = components['schemas']['OauthAuthRequest'];

/** POST /platform/applications/authtickets/oauth: client credentials and refresh, as Kibo's home pod. */
export function oauthAuthenticateAppHandler(
  plan: OperationPlan,
  tokens: () => TokenService,
): OperationHandler {
  return async (context) => {
    // The pipeline validated the body against OauthAuthRequest; none at all (body-required turned
    // off) carries no credentials.
    const result = await tokens().grant((context.body ?? {}) as OauthAuthRequest);
    if (result.ok) return { status: plan.success.status, body: result.response };
    const challenge = plan.challenges ? 'Bearer realm="kibo", error="invalid_client"' : undefined;
    throw unauthorized(result.message, challenge);
  };
}
