import { invalidParameter, kiboError } from '../http/errors.ts';
import type { TokenService } from './token-service.ts';
import type { OperationHandler } from '../http/operation-context.ts';

/** POST /platform/applications/authtickets/oauth: client credentials and refresh, as Kibo's home pod. */
export function oauthAuthenticateAppHandler(tokens: () => TokenService): OperationHandler {
  return async (context) => {
    const result = await tokens().grant(context.body);
    if (result.ok) return { status: 200, body: result.response };
    if (result.status === 401) {
      throw kiboError(401, 'UNAUTHORIZED', result.message, {
        headers: { 'WWW-Authenticate': 'Bearer realm="kibo", error="invalid_client"' },
      });
    }
    throw invalidParameter(result.parameter, result.message);
  };
}
