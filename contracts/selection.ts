/** A `responseFields` selection as data: `{ items: { id: true } }` is `items(id)`. */
export interface Selection {
  readonly [field: string]: Selection | true;
}

/** Kibo's syntax: a comma list, nested with parentheses. */
export function selectionText(selection: Selection): string {
  return Object.entries(selection)
    .map(([field, inner]) => (inner === true ? field : `${field}(${selectionText(inner)})`))
    .join(',');
}

/** Fields in a body that the selection did not ask for (arrays are judged item by item). */
export function unrequestedFields(value: unknown, selection: Selection, pointer = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => unrequestedFields(item, selection, `${pointer}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([field, inner]) => {
    const wanted = selection[field];
    if (wanted === undefined) return [`${pointer}/${field} came back but was not requested`];
    return wanted === true ? [] : unrequestedFields(inner, wanted, `${pointer}/${field}`);
  });
}

/** Requested fields that the full resource has (`reference`) but the trimmed body lacks. */
export function droppedFields(
  value: unknown,
  reference: unknown,
  selection: Selection,
  pointer = '',
): string[] {
  if (Array.isArray(reference)) {
    const items = Array.isArray(value) ? value : [];
    return reference.flatMap((item, index) =>
      droppedFields(items[index], item, selection, `${pointer}/${index}`),
    );
  }
  if (typeof reference !== 'object' || reference === null) return [];
  const got = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return Object.entries(selection).flatMap(([field, inner]) => {
    const want = (reference as Record<string, unknown>)[field];
    if (want === undefined) return [];
    if (!(field in got)) return [`${pointer}/${field} was requested but is missing`];
    return inner === true ? [] : droppedFields(got[field], want, inner, `${pointer}/${field}`);
  });
}
