/** What every expression parser of the mock returns: the parsed value, or a message for a 400. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
