import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { errorSummary } from '../../client/error-summary.ts';
import {
  byExternalIdPrefix,
  expectRefusedCreatingNothing,
  expectSuccess,
  idsOf,
  succeeded,
} from '../expectations.ts';
import { locate, type Exchange } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import type { RunContext } from '../run-context.ts';
import { droppedFields, selectionText, unrequestedFields, type Selection } from '../selection.ts';

const rule =
  'responseFields: a comma list of property names, nested with parentheses; only those fields come back';

/** Kibo's `responseFields` on every operation that declares it, flat and nested. */
export function responseFieldsChecks(plan: ApiPlan): Check[] {
  const bulk = plan.operation(operations.addAccounts);
  const refusesMalformed =
    bulk.fieldSelections.find((s) => s.parameter === 'responseFields')?.refuseMalformed === true;
  const declared = bulk.parameters.query.find((p) => p.name === 'responseFields');
  const malformed = plan.assumptionOf(declared, 'x-refuse-malformed');
  return [
    {
      group: 'response-fields',
      id: 'response-fields.bulk',
      title: 'Bulk returns only the requested fields of the created accounts',
      rule,
      async run(context) {
        const selection: Selection = { items: { id: true, emailAddress: true } };
        requireParameter(context, operations.addAccounts);
        const sent = [context.data.label('rf'), context.data.label('rf')].map((label) =>
          context.data.item(label),
        );
        const reply = await context.call(operations.addAccounts, {
          body: sent,
          query: { responseFields: selectionText(selection) },
        });
        if (!succeeded(context.plan, reply))
          return expectSuccess(context.plan, reply, 'a valid batch with responseFields');
        const full = { items: sent.map((item) => ({ id: 0, emailAddress: item.account?.emailAddress })) };
        return judge(reply, selection, full);
      },
    },
    {
      group: 'response-fields',
      id: 'response-fields.nested',
      title: 'getAccount honours a nested selection',
      rule,
      async run(context) {
        requireParameter(context, operations.getAccount);
        const { items } = await context.batch();
        const first = items[0] as { id?: unknown } | undefined;
        if (typeof first?.id !== 'number')
          skip('the test batch has no account id to read (see bulk.assigns-unique-ids)');
        const selection: Selection = {
          id: true,
          emailAddress: true,
          contacts: { email: true, address: { countryCode: true } },
        };
        const full = await context.call(operations.getAccount, { params: { accountId: first.id } });
        const reply = await context.call(operations.getAccount, {
          params: { accountId: first.id },
          query: { responseFields: selectionText(selection) },
        });
        if (!succeeded(context.plan, reply))
          return expectSuccess(context.plan, reply, 'an existing account with responseFields');
        return judge(reply, selection, succeeded(context.plan, full) ? full.json : undefined);
      },
    },
    {
      group: 'response-fields',
      id: 'response-fields.collection',
      title: 'getAccounts honours a selection on the page and its items',
      rule,
      async run(context) {
        requireParameter(context, operations.getAccounts);
        await context.batch();
        const selection: Selection = { totalCount: true, items: { id: true, lastName: true } };
        const filter = byExternalIdPrefix(context.data.externalIdPrefix + 'bulk-').filter;
        const full = await context.call(operations.getAccounts, { query: { filter } });
        const reply = await context.call(operations.getAccounts, {
          query: { filter, responseFields: selectionText(selection) },
        });
        if (!succeeded(context.plan, reply))
          return expectSuccess(context.plan, reply, 'a filter with responseFields');
        return judge(reply, selection, succeeded(context.plan, full) ? full.json : undefined);
      },
    },
    {
      group: 'response-fields',
      id: 'response-fields.unparsable',
      title: 'An expression that does not parse is refused, and Bulk then creates nothing',
      rule: `responseFields x-refuse-malformed: "an expression that does not parse (unbalanced parentheses, empty names) → 400"${malformed ? ` (kit assumption ${malformed.id})` : ''}`,
      assumptions: idsOf(malformed),
      async run(context) {
        requireParameter(context, operations.addAccounts);
        if (!refusesMalformed)
          skip('responseFields does not declare x-refuse-malformed: a malformed one may be ignored');
        const label = context.data.label('rf-bad');
        const reply = await context.call(operations.addAccounts, {
          body: [context.data.item(label)],
          query: { responseFields: 'items(id,emailAddress' },
        });
        return expectRefusedCreatingNothing(context, reply, {
          status: 400,
          label,
          why: 'responseFields with an unbalanced parenthesis',
          created: 'a request refused for its responseFields',
          assumption: malformed,
        });
      },
    },
  ];
}

function requireParameter(context: RunContext, operationId: string): void {
  const declared = context.plan
    .operation(operationId)
    .parameters.query.some((p) => p.name === 'responseFields');
  if (!declared) skip(`${operationId} declares no responseFields parameter`);
}

function judge(reply: Exchange, selection: Selection, full: unknown): Violation[] {
  if (!reply.parsed) return [{ location: locate(reply), message: `body is not JSON${errorSummary(reply)}` }];
  const problems = [
    ...unrequestedFields(reply.json, selection),
    ...(full === undefined ? [] : droppedFields(reply.json, full, selection)),
  ];
  return problems.map((message) => ({
    location: locate(reply),
    message: `${message} (responseFields=${selectionText(selection)})`,
  }));
}
