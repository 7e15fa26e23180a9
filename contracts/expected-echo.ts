import { defaultsFiller, fieldRemover } from '../openapi/field-paths.ts';
import type { FieldRules } from '../openapi/operation-plan.ts';
import type { AccountItem } from './test-data.ts';

/**
 * What a created account must carry of the item sent for it: every field sent, but write-only
 * ones (never returned) and read-only ones (the server assigns them), with the `x-default-from`
 * defaults filled in where the item left a field out.
 */
export function expectedEcho(rules: FieldRules): (item: AccountItem) => Record<string, unknown> {
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly]);
  const fill = defaultsFiller(rules.defaults);
  return (item) => fill(drop(item)).account ?? {};
}
