import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../openapi/types.gen.ts';

/** A fetch client typed by the document: every path, parameter, body and answer of Kibo's API. */
export type KiboClient = Client<paths>;

export interface KiboClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The API base, ending in /api: `https://t12345.sandbox.mozu.com/api`, `http://127.0.0.1:4010/api`. */
  readonly baseUrl: string;
  /** A bearer token, or a function that gives one (called before each request). */
  readonly token?: string | (() => string | Promise<string>);
  /**
   * Or log in like a Kibo app: client credentials traded for a token at the auth host's oauth
   * endpoint (`authUrl`, default the base URL's origin), kept until a minute before it expires.
   */
  readonly login?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authUrl?: string;
  };
}

/**
 * openapi-fetch on the document's generated `paths`: `kibo.POST('/commerce/customer/accounts/Bulk',
 * { body })` checks the body and types `data` and `error` at compile time. Uses only fetch, so it
 * runs in a browser, in Node and under msw alike.
 */
export function createKiboClient(options: KiboClientOptions): KiboClient {
  const { token, login, ...clientOptions } = options;
  const client = createClient<paths>(clientOptions);
  const bearer = token ?? (login && tokenFrom(login, options));
  if (bearer !== undefined) {
    client.use({
      async onRequest({ request }) {
        if (!request.headers.has('authorization')) {
          request.headers.set(
            'authorization',
            `Bearer ${typeof bearer === 'string' ? bearer : await bearer()}`,
          );
        }
        return request;
      },
    });
  }
  return client;
}

function tokenFrom(
  login: NonNullable<KiboClientOptions['login']>,
  options: KiboClientOptions,
): () => Promise<string> {
  // The oauth path is the document's, under the auth host's own /api.
  const auth = createClient<paths>({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseUrl: `${(login.authUrl ?? new URL(options.baseUrl).origin).replace(/\/+$/, '')}/api`,
  });
  let held: { token: string; until: number } | undefined;
  return async () => {
    if (held && Date.now() < held.until) return held.token;
    const { data, error, response } = await auth.POST('/platform/applications/authtickets/oauth', {
      body: {
        client_id: login.clientId,
        client_secret: login.clientSecret,
        grant_type: 'client_credentials',
      },
    });
    if (!data)
      throw new Error(`no token: the oauth endpoint answered ${response.status} ${error?.message ?? ''}`);
    held = { token: data.access_token, until: Date.now() + Math.max(0, data.expires_in - 60) * 1000 };
    return held.token;
  };
}

export type { components, operations, paths } from '../openapi/types.gen.ts';
