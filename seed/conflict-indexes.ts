/**
 * The batch positions a 409 VALIDATION_CONFLICT names: each entry of the error body's `items`
 * carries its item's `Index` in `applicationErrorData`, or failing that a ParameterName such as
 * `[3].account.emailAddress`. Undefined when the body names none, or a position the batch lacks:
 * then the 409 cannot be resolved by leaving items out.
 */
export function conflictIndexes(body: unknown, batchLength: number): Set<number> | undefined {
  const items = (body as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const indexes = new Set<number>();
  for (const item of items as unknown[]) {
    const data = (item as { applicationErrorData?: unknown } | null)?.applicationErrorData;
    const pairs = Array.isArray(data) ? (data as { name?: unknown; value?: unknown }[]) : [];
    const value = (name: string) => pairs.find((pair) => pair?.name === name)?.value;
    const fromIndex = value('Index');
    const parameter = value('ParameterName');
    const fromParameter = typeof parameter === 'string' ? /^\[(\d+)\]/.exec(parameter)?.[1] : undefined;
    const raw = typeof fromIndex === 'string' && /^\d+$/.test(fromIndex) ? fromIndex : fromParameter;
    const index = Number(raw);
    if (raw === undefined || index >= batchLength) return undefined;
    indexes.add(index);
  }
  return indexes;
}
