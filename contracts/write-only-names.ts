import type { Assumption } from '../openapi/assumption-marks.ts';
import { schemaAt } from '../openapi/field-paths.ts';
import type { ApiPlan } from '../openapi/operation-plan.ts';

/** A property name the document marks `x-write-only` somewhere, and whose assumption that mark is. */
export interface WriteOnlyName {
  readonly name: string;
  /** Undefined: Kibo's published contract (password). */
  readonly assumption: Assumption | undefined;
}

/**
 * Every write-only property of the plan by name, from request bodies and success answers alike:
 * an answer must carry none of them, wherever it sits, whoever stored or generated the resource.
 */
export function writeOnlyNames(plan: ApiPlan): WriteOnlyName[] {
  const found = new Map<string, Assumption | undefined>();
  for (const operation of plan.operations) {
    const body = operation.body;
    const marked = [
      ...(body ? body.rules.writeOnly.map((path) => ({ path, schema: body.itemSchema })) : []),
      ...operation.success.writeOnly.map((path) => ({ path, schema: operation.success.schema })),
    ];
    for (const { path, schema } of marked) {
      const name = path.at(-1);
      if (name === undefined) continue;
      const assumption = plan.assumptionOf(schemaAt(schema, path), 'x-write-only');
      // A name Kibo marks write-only anywhere is Kibo's rule wherever it comes back.
      if (!found.has(name) || assumption === undefined) found.set(name, assumption);
    }
  }
  return [...found].map(([name, assumption]) => ({ name, assumption }));
}
