import type { components } from '../../openapi/types.gen.ts';

export type ApiError = components['schemas']['ApiError'];

/** Kibo's error codes as Kibo's SDKs and answers show them, plus the HTTP-level ones. */
export type ErrorCode =
  | 'MISSING_OR_INVALID_PARAMETER'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'ITEM_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'VALIDATION_CONFLICT'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'NOT_IMPLEMENTED'
  | 'SERVICE_UNAVAILABLE'
  | 'UNEXPECTED_ERROR';

/** One failing item or parameter; `index` is the item's position in a batch body. */
export interface Violation {
  readonly parameter: string;
  readonly message: string;
  readonly index?: number;
}

/** The application name Kibo puts in its error bodies for the customer service. */
const applicationName = 'Customer';

/**
 * The one error type of the mock: Hono's onError renders it as Kibo's JSON error body. Anything
 * else that reaches onError is a bug and becomes a 500 UNEXPECTED_ERROR.
 */
export class KiboHttpError extends Error {
  readonly status: number;
  readonly body: ApiError;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, body: ApiError, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

interface ErrorOptions {
  /** Name/value details for `additionalErrorData`. */
  readonly data?: Readonly<Record<string, string>>;
  /** Failing items; each becomes an entry of `items` with Index and ParameterName. */
  readonly violations?: readonly Violation[];
  readonly headers?: Record<string, string>;
}

/** Builds Kibo's error body: message, errorCode, applicationName, additionalErrorData, items. */
function kiboError(status: number, errorCode: ErrorCode, message: string, options: ErrorOptions = {}) {
  const violations = options.violations ?? [];
  const data = { ...options.data };
  // Kibo names the first offending parameter in additionalErrorData (ParameterName).
  if (violations[0] && data.ParameterName === undefined) data.ParameterName = violations[0].parameter;
  const body: ApiError = {
    message,
    errorCode,
    applicationName,
    additionalErrorData: Object.entries(data).map(([name, value]) => ({ name, value })),
    items: violations.map((v) => ({
      applicationName,
      errorCode,
      message: v.message,
      applicationErrorData: [
        ...(v.index === undefined ? [] : [{ name: 'Index', value: String(v.index) }]),
        { name: 'ParameterName', value: v.parameter },
      ],
    })),
  };
  return new KiboHttpError(status, body, options.headers);
}

/**
 * Every error the mock answers, built here and nowhere else: Kibo's status-code page
 * for the statuses and wording (401 "Authorization has been refused…", 403 "Token Not Authorized"),
 * Kibo's SDKs for the body.
 */

/** 400: one parameter (or body path) that is missing or invalid. */
export function invalidParameter(parameter: string, message: string) {
  return kiboError(400, 'MISSING_OR_INVALID_PARAMETER', `Missing or invalid parameter: ${message}`, {
    violations: [{ parameter, message }],
  });
}

/** How much of a request's violations a 400 may carry: the error schema's own bounds. */
export interface ErrorLimits {
  /** `ApiError.items.maxItems`. */
  readonly items: number;
  /** `ApiErrorItem.message.maxLength` (the parameter name is held to it too). */
  readonly itemText: number;
  /** `ApiError.message.maxLength`. */
  readonly message: number;
  /** `ApiErrorData.value.maxLength`. */
  readonly dataText: number;
}

/**
 * 400 from a validator's violations: the one way a list of violations becomes a 400. The message
 * counts the failing items of a batch (nothing of it was created) or the problems, and however
 * bad the input, the answer stays within the error schema's bounds: the first violations, each
 * cut to length, and how many there were.
 */
export function invalidRequest(violations: readonly Violation[], limits: ErrorLimits, incomplete = false) {
  const items = new Set(violations.map((v) => v.index).filter((i) => i !== undefined)).size;
  const count = violations.length;
  // Checking that stopped early knows a lower bound only.
  const atLeast = incomplete ? 'at least ' : '';
  const what =
    items > 0
      ? `${atLeast}${items} item${items === 1 ? '' : 's'} failed validation; nothing was created`
      : `${atLeast}${count} problem${count === 1 ? '' : 's'}`;
  const listed = violations.slice(0, limits.items).map((v) => ({
    ...v,
    parameter: cut(v.parameter, limits.itemText),
    message: cut(v.message, limits.itemText),
  }));
  const more = incomplete
    ? ` (the first ${listed.length} problems are listed, and checking stopped there)`
    : count > listed.length
      ? ` (the first ${listed.length} of ${count} are listed)`
      : '';
  const message = cut(
    `Missing or invalid parameter: ${what}${more}: ${listed[0]?.message ?? ''}`,
    limits.message,
  );
  return kiboError(400, 'MISSING_OR_INVALID_PARAMETER', message, { violations: listed });
}

/** A text cut to `length` characters, the last one an ellipsis when anything was cut. */
export function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Kibo's 401 text; a reason may follow it. */
export const refusedCredentials = 'Authorization has been refused for those credentials';

/**
 * A batch that is not all-or-nothing, some of whose items were refused: 400 when any failed
 * validation (409 when all were conflicts), naming each refused item and the ids created.
 */
export function partiallyCreated(
  invalid: readonly Violation[],
  conflicts: readonly Violation[],
  created: readonly number[],
) {
  const refused = new Set([...invalid, ...conflicts].map((v) => v.index)).size;
  const what = `${refused} item${refused === 1 ? ' was' : 's were'} refused and ${created.length} created (ids ${created.join(', ') || 'none'})`;
  const violations = [...invalid, ...conflicts].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const first = violations[0]?.message ?? '';
  const options = { violations, data: { CreatedIds: created.join(',') } };
  return invalid.length > 0
    ? kiboError(
        400,
        'MISSING_OR_INVALID_PARAMETER',
        `Missing or invalid parameter: ${what}: ${first}`,
        options,
      )
    : kiboError(409, 'VALIDATION_CONFLICT', `Validation conflict: ${what}: ${first}`, options);
}

/**
 * 401, with RFC 6750's challenge when the operation promises one; `message` starts with Kibo's
 * text, e.g. refusedCredentials.
 */
export function unauthorized(message: string, challenge: string | undefined) {
  const headers: Record<string, string> = challenge === undefined ? {} : { 'WWW-Authenticate': challenge };
  return kiboError(401, 'UNAUTHORIZED', message, { headers });
}

/**
 * 401 for a shopper's credentials (a wrong, unverifiable or missing password, an unknown user, a
 * locked login): one message for every reason, so the answer never tells an attacker which. The
 * application's token was fine, so the challenge names no error (RFC 6750 §3).
 */
export function signInRefused(challenges: boolean) {
  return unauthorized(
    'Sign-in refused: the user name or password is incorrect, or the account is locked',
    challenges ? 'Bearer realm="kibo"' : undefined,
  );
}

/**
 * 400 for a password reset that does not go through: a wrong, expired, used or another user's
 * confirmation code, or an unknown user name, one message for all of them.
 */
export function confirmationRefused() {
  return kiboError(
    400,
    'MISSING_OR_INVALID_PARAMETER',
    'Missing or invalid parameter: the confirmation code is not valid for that user name',
    { data: { ParameterName: 'confirmationCode' } },
  );
}

/** 403 "Token Not Authorized", naming the behavior when one is missing. */
export function forbidden(reason: string, behavior?: string) {
  return kiboError(403, 'FORBIDDEN', `Token Not Authorized: ${reason}`, {
    data: behavior ? { RequiredBehavior: behavior } : {},
  });
}

/** 404: `what` does not exist, e.g. `account 12 does not exist in this tenant`. */
export function notFound(what: string, data: Readonly<Record<string, string>> = {}) {
  return kiboError(404, 'ITEM_NOT_FOUND', `Item not found: ${what}`, { data });
}

/** 405 with `Allow`, for a path the document knows under other methods. */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]) {
  const allow = allowed.join(', ');
  return kiboError(405, 'METHOD_NOT_ALLOWED', `Method not allowed: ${method} ${path}; allowed: ${allow}`, {
    headers: { Allow: allow },
    data: { Allow: allow },
  });
}

/** 501: a Kibo operation the document lists under `x-not-mocked`, named so the caller knows why. */
export function notMocked(known: {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
}) {
  return kiboError(
    501,
    'NOT_IMPLEMENTED',
    `Not mocked: ${known.method} ${known.path} is Kibo's ${known.operationId}, which this mock does not serve yet; /openapi.json lists what it serves`,
    { data: { OperationId: known.operationId } },
  );
}

/** 409 VALIDATION_CONFLICT: the request clashes with what exists; nothing was changed. */
export function conflict(
  message: string,
  violations: readonly Violation[] = [],
  data: Readonly<Record<string, string>> = {},
) {
  return kiboError(409, 'VALIDATION_CONFLICT', `Validation conflict: ${message}`, { violations, data });
}

/** 413: the body is over the operation's `x-max-body-bytes`. */
export function tooLarge(measured: string, limit: number) {
  return kiboError(
    413,
    'REQUEST_TOO_LARGE',
    `Request entity too large: the body has ${measured}, at most ${limit} are accepted`,
    { data: { MaxBytes: String(limit) } },
  );
}

/** 415: the body is not of a media type the operation declares. */
export function unsupportedMediaType(given: string | undefined, accepted: readonly string[]) {
  return kiboError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `Unsupported media type: ${given ? `"${given}"` : 'none given'}; send ${accepted.join(' or ')}`,
    { data: { ContentType: given ?? '' } },
  );
}

/**
 * 503: the shared store (PostgreSQL) cannot be reached, so nothing was read or changed; Kibo's
 * status-code page lists 503 for a service that is down for a while. `Retry-After` says when to
 * try again: the mock reconnects by itself.
 */
export function serviceUnavailable(reason: string, retryAfterSeconds: number) {
  return kiboError(
    503,
    'SERVICE_UNAVAILABLE',
    `Service unavailable: ${reason}; nothing was changed, try again in ${retryAfterSeconds} s`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

/** 500: a bug of the mock; the details go to the log, never to the client. */
export function unexpected() {
  return kiboError(500, 'UNEXPECTED_ERROR', 'Unexpected error: the request could not be completed');
}
