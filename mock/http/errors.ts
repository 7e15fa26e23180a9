import type { components } from '../../openapi/types.gen.ts';

export type ApiError = components['schemas']['ApiError'];

/** Kibo's error codes as seen in the wild (reference/kibo-api.md), plus the HTTP-level ones. */
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
export function kiboError(status: number, errorCode: ErrorCode, message: string, options: ErrorOptions = {}) {
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

/** The one 400 of the mock: a parameter (or body path) that is missing or invalid. */
export function invalidParameter(parameter: string, message: string, violations?: readonly Violation[]) {
  return kiboError(400, 'MISSING_OR_INVALID_PARAMETER', `Missing or invalid parameter: ${message}`, {
    violations: violations ?? [{ parameter, message }],
  });
}
