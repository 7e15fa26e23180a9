import type { Assumption } from '../../openapi/assumption-marks.ts';
import { skip, type Check, type Violation } from '../check.ts';
import {
  byExternalIdPrefix,
  expectDeclaredError,
  expectNothingCreated,
  expectStatus,
  idsOf,
  tagged,
} from '../expectations.ts';
import { locate, type CallOptions, type Exchange } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import type { RunContext } from '../run-context.ts';

/** What Bulk is given and must refuse: a declared 4xx, Kibo's error body, never a 5xx, nothing created. */
export interface BadInput {
  readonly id: string;
  readonly title: string;
  readonly rule: string;
  readonly status: number;
  /** What was sent, as the failure message names it: `a body that is not JSON`. */
  readonly sent: string;
  /** The request, built from a label whose externalIds (`<label>-…`) mark everything it sends. */
  readonly request: (context: RunContext, label: string) => Promise<CallOptions> | CallOptions;
  /** Extra expectations on the refusal, e.g. that a 400 names the failing item. */
  readonly inspect?: (reply: Exchange) => Violation[];
  /** The kit's assumption the refusal rests on; undefined: Kibo's published contract. */
  readonly assumption?: Assumption;
}

/** What every bad input also puts to the test: a refused batch creates nothing, and names its items. */
export interface RefusalRules {
  readonly allOrNothing: Assumption | undefined;
  readonly errorBody: Assumption | undefined;
}

/** The check for one bad input: the declared status, Kibo's error body, never a 5xx, nothing created. */
export function badInputCheck(input: BadInput, refusal: RefusalRules): Check {
  return {
    group: 'bad-input',
    id: input.id,
    title: input.title,
    rule: `${input.rule}; the answer is a declared 4xx with Kibo's error body, never a 5xx${input.assumption ? ` (kit assumption ${input.assumption.id})` : ''}`,
    assumptions: idsOf(input.assumption, refusal.allOrNothing, refusal.errorBody),
    async run(context) {
      const entry = context.plan.operation(operations.addAccounts);
      if (!entry.statuses.includes(input.status)) {
        skip(`${entry.operationId} declares no ${input.status}, the status this input calls for`);
      }
      const label = context.data.label('bad');
      const reply = await context.call(operations.addAccounts, await input.request(context, label));
      const refused = reply.status === input.status;
      // Created after a refusal: the batch was not all-or-nothing. Created because it was not
      // refused: the same rule as the status, whoever's it is.
      const creation = refused || reply.status >= 400 ? refusal.allOrNothing : input.assumption;
      return [
        ...expectStatus(reply, [input.status], input.sent, input.assumption),
        ...expectDeclaredError(context, reply),
        ...(refused && input.inspect ? tagged(input.inspect(reply), refusal.allOrNothing) : []),
        ...(await expectNothingCreated(
          context,
          byExternalIdPrefix(`${context.data.externalId(label)}-`),
          refused ? 'a refused batch' : `a batch with ${input.sent}`,
          creation,
        )),
      ];
    },
  };
}

/**
 * A 400 for a batch must say which item failed: an entry of Kibo's `items` whose
 * applicationErrorData carries the Index, or whose ParameterName starts with `[index]`.
 */
export function namesItem(reply: Exchange, index: number): Violation[] {
  const items = (reply.json as { items?: unknown } | undefined)?.items;
  const data = (Array.isArray(items) ? items : []).flatMap((item: unknown) => {
    const details = (item as { applicationErrorData?: unknown } | null)?.applicationErrorData;
    return Array.isArray(details) ? (details as { name?: unknown; value?: unknown }[]) : [];
  });
  const named = data.some(
    ({ name, value }) =>
      (name === 'Index' && value === String(index)) ||
      (name === 'ParameterName' && typeof value === 'string' && value.startsWith(`[${index}]`)),
  );
  if (named) return [];
  return [
    {
      location: locate(reply),
      message: `error body /items must name the failing item ${index} (applicationErrorData Index or ParameterName [${index}]…)`,
    },
  ];
}
