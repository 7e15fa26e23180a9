import { errorSummary } from './error-summary.ts';
import { locate, type Call, type Exchange } from './http-client.ts';
import { operations } from './operations.ts';

/** The document's app-token operation (Kibo's client-credentials endpoint on the auth host). */
export const tokenOperation = operations.token;

/** The body of a client-credentials token request, as Kibo's own clients send it. */
export function clientCredentials(clientId: string, clientSecret: string): Record<string, string> {
  return { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' };
}

/** Trades client credentials for a bearer token the way Kibo's own clients do. */
export async function fetchToken(call: Call, clientId: string, clientSecret: string): Promise<string> {
  const reply = await call(tokenOperation, {
    body: clientCredentials(clientId, clientSecret),
  });
  const token = accessTokenOf(reply);
  if (token === undefined) {
    throw new Error(`could not get a token for client ${clientId}: ${locate(reply)}${errorSummary(reply)}`);
  }
  return token;
}

/** The token a token answer carries: a success with a non-empty access_token; else undefined. */
export function accessTokenOf(reply: Exchange): string | undefined {
  const token = reply.parsed ? (reply.json as { access_token?: unknown }).access_token : undefined;
  return reply.status >= 200 && reply.status <= 299 && typeof token === 'string' && token !== ''
    ? token
    : undefined;
}
