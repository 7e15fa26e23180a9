import { invalidParameter } from '../http/error-catalogue.ts';

/** What every expression parser of the mock returns: the parsed value, or a message for a 400. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The parsed expression, or the 400 that names the parameter and what is wrong with it. */
export function parsedParameter<T>(parameter: string, result: ParseResult<T>): T {
  if (result.ok) return result.value;
  throw invalidParameter(parameter, result.message);
}
