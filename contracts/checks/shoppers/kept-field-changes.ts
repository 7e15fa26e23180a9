import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * What an update changed of the fields it keeps when its body leaves them out
 * (`x-kept-when-absent`: contacts, notes, attributes, segments), one message per field. Lists are
 * compared by their members' ids (a server may restamp them); a missing list and an empty one are
 * the same.
 */
export function keptFieldChanges(plan: ApiPlan, before: Json, after: Json): string[] {
  return plan.operation(operations.updateAccount).keptWhenAbsent.flatMap((field) => {
    const was = summary(before[field]);
    const now = summary(after[field]);
    return was === now
      ? []
      : [`/${field} changed though the update left it out (x-kept-when-absent): was ${was}, now ${now}`];
  });
}

function summary(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (!Array.isArray(value)) return JSON.stringify(value);
  if (value.length === 0) return 'none';
  const members = value.map((member: unknown) => {
    const { id, fullyQualifiedName } = (member ?? {}) as { id?: unknown; fullyQualifiedName?: unknown };
    const key = id ?? fullyQualifiedName;
    return typeof key === 'string' || typeof key === 'number' ? String(key) : JSON.stringify(member);
  });
  return `[${members.join(', ')}]`;
}
