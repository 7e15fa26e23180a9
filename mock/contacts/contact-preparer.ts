import { defaultsFiller, fieldRemover } from '../../openapi/field-paths.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';

type Contact = components['schemas']['CustomerContact'];

/**
 * A contact as sent, by the operation's body rules (of each item, for a list): what the server
 * sets (`id`, `accountId`, `auditInfo`: readOnly) and what is never kept is dropped, what the
 * document defaults is filled in.
 */
export function contactPreparer(plan: OperationPlan): (sent: Contact) => Contact {
  const rules = plan.body?.rules;
  if (!rules) throw new Error(`${plan.operationId} has no request body to take contacts from`);
  const drop = fieldRemover([...rules.writeOnly, ...rules.readOnly]);
  const fill = defaultsFiller(rules.defaults);
  return (sent) => fill(drop(sent));
}
