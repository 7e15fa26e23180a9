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
  /**
   * Credentials that lack exactly one behavior each, by the name the document gives it in
   * `x-required-behaviors`: a token the target issued, or a client whose tokens it issues.
   */
  readonly withoutBehavior?: Readonly<Record<string, Credentials>>;
  /** A client of another tenant: it must neither read nor change this tenant's accounts. */
  readonly otherTenantClientId?: string;
  readonly otherTenantClientSecret?: string;
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

/** A ready token, or a client to ask the auth host for one. */
export type Credentials =
  { readonly token: string } | { readonly clientId: string; readonly clientSecret: string };

/** Every value of a target that must never appear in a message, a report or a log. */
export function targetSecrets(target: Target): string[] {
  const without = Object.values(target.withoutBehavior ?? {}).map((credentials) =>
    'token' in credentials ? credentials.token : credentials.clientSecret,
  );
  return [
    target.clientSecret,
    target.limitedClientSecret,
    target.otherTenantClientSecret,
    target.token,
    target.expiredToken,
    ...without,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}
