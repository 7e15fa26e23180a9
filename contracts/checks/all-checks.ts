import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { groups, type Check, type Group } from '../check.ts';
import { authChecks } from './auth.ts';
import { badInputChecks } from './bad-input.ts';
import { bulkChecks } from './bulk.ts';
import { cleanupChecks } from './cleanup.ts';
import { conformanceChecks } from './conformance.ts';
import { parameterChecks } from './parameters.ts';
import { responseFieldsChecks } from './response-fields.ts';
import { shopperChecks } from './shoppers.ts';
import { generatedChecks } from '../generated/generated-checks.ts';
import { sequenceChecks } from '../sequences/sequence-checks.ts';

const builders: Record<Group, (plan: ApiPlan) => Check[]> = {
  bulk: bulkChecks,
  'response-fields': responseFieldsChecks,
  parameters: parameterChecks,
  auth: authChecks,
  'bad-input': badInputChecks,
  shoppers: shopperChecks,
  generated: generatedChecks,
  sequences: sequenceChecks,
  cleanup: cleanupChecks,
  conformance: conformanceChecks,
};

/** Groups that run whatever `--only` says: the run must not leave data behind, and every response is judged. */
export const alwaysRun: readonly Group[] = ['cleanup', 'conformance'];

/** The checks of the document, in run order; `only` keeps those groups (plus cleanup and conformance). */
export function allChecks(plan: ApiPlan, only?: readonly Group[]): Check[] {
  const wanted =
    only === undefined || only.length === 0
      ? groups
      : groups.filter((g) => only.includes(g) || alwaysRun.includes(g));
  return wanted.flatMap((group) => builders[group](plan));
}
