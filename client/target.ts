/** A `fetch` that takes a Request: global fetch, or an in-process app such as Hono's `app.fetch`. */
export type FetchLike = (request: Request) => Response | Promise<Response>;

/** The implementation under test and the credentials to call it with. */
export interface Target {
  /** The API base, ending in `/api`, e.g. https://t12345.sandbox.mozu.com/api. */
  readonly baseUrl: string;
  /** The auth host's origin, e.g. https://home.mozu.com; the oauth path is appended from the document. */
  readonly authUrl?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** A client without `customer-auth:configure-token-durations`, for the 403 checks. */
  readonly limitedClientId?: string;
  readonly limitedClientSecret?: string;
  /** A ready bearer token; when given, no token is fetched for the main client. */
  readonly token?: string;
  /** A token the target issued that has since expired, for the expired-token check. */
  readonly expiredToken?: string;
  /** Sent as `x-vol-tenant` when given. */
  readonly tenant?: string;
  /**
   * Where the target keeps the mail it would have sent shoppers (the mock's `GET /__mock/outbox`),
   * for the checks that need a password-reset code; a real tenant e-mails it, so they are skipped.
   */
  readonly outboxUrl?: string;
  readonly fetch?: FetchLike;
}

/** Every value of a target that must never appear in a message, a report or a log. */
export function targetSecrets(target: Target): string[] {
  return [target.clientSecret, target.limitedClientSecret, target.token, target.expiredToken].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}
