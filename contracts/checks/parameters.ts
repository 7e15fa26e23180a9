import type { OpenAPIV3_1 } from 'openapi-types';
import type { Assumption } from '../../openapi/assumption-marks.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { locate, type CallOptions, type Exchange } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import { skip, type Check, type Violation } from '../check.ts';
import {
  byExternalIdPrefix,
  expectDeclaredError,
  expectStatus,
  expectSuccess,
  idsOf,
  succeeded,
  tagged,
} from '../expectations.ts';
import type { RunContext } from '../run-context.ts';
import { requiredParameterChecks } from './required-parameters.ts';
import { droppedFields, selectionText, unrequestedFields, type Selection } from '../selection.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;
type Item = Record<string, unknown>;

/** A value no numeric id, count or the data view's Live / Pending is. */
const malformed = 'not-valid';

/**
 * The read operations' parameters: values their schemas refuse (below a minimum, a context header
 * out of its pattern) and what the kit reads into the ones Kibo names without a meaning (`fields`,
 * `responseGroups`, `userId`), each seen from outside on the run's own accounts.
 */
export function parameterChecks(plan: ApiPlan): Check[] {
  const getAccounts = plan.operation(operations.getAccounts);
  const getAccount = plan.operation(operations.getAccount);
  const schemaOf = (p: OpenAPIV3_1.ParameterObject) => (p.schema ?? {}) as SchemaObject;
  return [
    ...getAccounts.parameters.query
      .filter((p) => schemaOf(p).type === 'integer' && schemaOf(p).minimum !== undefined)
      .map((p) => {
        const below = (schemaOf(p).minimum ?? 0) - 1;
        return refused(
          `parameters.below-minimum-${p.name}`,
          `${p.name} below its minimum is refused`,
          `getAccounts ${p.name}: minimum ${below + 1} → ${below} gets 400`,
          plan.assumptionOf(schemaOf(p), 'minimum'),
          { query: { [p.name]: below } },
          `${p.name} ${below}`,
        );
      }),
    ...getAccounts.parameters.header
      .filter((p) => schemaOf(p).pattern !== undefined)
      .map((p) =>
        refused(
          `parameters.malformed-${p.name}`,
          `A malformed ${p.name} header is refused`,
          `getAccounts ${p.name}: pattern ${schemaOf(p).pattern ?? ''} → "${malformed}" gets 400`,
          plan.assumptionOf(schemaOf(p), 'pattern'),
          { headers: { [p.name]: malformed } },
          `${p.name}: ${malformed}`,
        ),
      ),
    ...getAccounts.fieldSelections
      .filter((s) => s.appliesTo === 'items')
      .map((s): Check => {
        const declared = getAccounts.parameters.query.find((p) => p.name === s.parameter);
        const meaning = plan.assumptionOf(declared, 'x-field-selection');
        const kept: Selection = { id: true, emailAddress: true };
        return {
          group: 'parameters',
          id: `parameters.${s.parameter}`,
          title: `getAccounts ${s.parameter} trims each account of the page, and keeps the page`,
          rule: `getAccounts ${s.parameter} (x-field-selection: items): ${s.parameter}=${selectionText(kept)} keeps those fields of each item; startIndex, pageSize, pageCount and totalCount stay`,
          assumptions: idsOf(meaning),
          async run(context) {
            await context.batch();
            const filter = byExternalIdPrefix(context.data.externalIdPrefix + 'bulk-').filter;
            const full = await context.call(operations.getAccounts, { query: { filter } });
            const reply = await context.call(operations.getAccounts, {
              query: { filter, [s.parameter]: selectionText(kept) },
            });
            if (!succeeded(context.plan, reply) || !succeeded(context.plan, full))
              return expectSuccess(context.plan, reply, `a filter with ${s.parameter}`);
            const page = { startIndex: true, pageSize: true, pageCount: true, totalCount: true } as const;
            const selection: Selection = { ...page, items: kept };
            return tagged(
              [
                ...unrequestedFields(reply.json, selection),
                ...droppedFields(reply.json, full.json, selection),
              ].map((message) => at(reply, `${message} (${s.parameter}=${selectionText(kept)})`)),
              meaning,
            );
          },
        };
      }),
    ...requiredParameterChecks(plan),
    ...(getAccount.responseGroups ? [responseGroupsCheck(plan)] : []),
    ...getAccount.fieldMatches.map(({ parameter, field }): Check => {
      const declared = getAccount.parameters.query.find((p) => p.name === parameter);
      const meaning = plan.assumptionOf(declared, 'x-matches-field');
      return {
        group: 'parameters',
        id: `parameters.${parameter}`,
        title: `getAccount ${parameter} finds the account only when its ${field} is that value`,
        rule: `getAccount ${parameter} (x-matches-field: ${field}): the account's own ${field} → ${getAccount.success.status}; another → 404`,
        assumptions: idsOf(meaning),
        async run(context) {
          const account = await firstCreated(context);
          const own = account[field];
          const read = (value: string) =>
            context.call(operations.getAccount, {
              params: { accountId: account.id },
              query: { [parameter]: value },
            });
          const other = await read(`ct-${context.data.runId}-another-login`);
          const violations = [
            ...expectStatus(other, [404], `${parameter} of another login`, meaning),
            ...expectDeclaredError(context, other),
          ];
          // The positive half needs the account's own value, which the target may not assign.
          if (typeof own === 'string') {
            const mine = await read(own);
            violations.push(...expectSuccess(context.plan, mine, `the account's own ${field}`));
          }
          return violations;
        },
      };
    }),
  ];
}

/**
 * `responseGroups` naming one group: the fields of the others are left out, the named group's
 * fields stay, on an account of the run that has them all (contacts sent, a summary assigned).
 */
function responseGroupsCheck(plan: ApiPlan): Check {
  const operation = plan.operation(operations.getAccount);
  const declared = operation.responseGroups;
  const parameter = operation.parameters.query.find((p) => p.name === declared?.parameter);
  const meaning = plan.assumptionOf(parameter, 'x-response-groups');
  const [named, ...others] = [...(declared?.groups ?? [])];
  const listed = [...(declared?.groups ?? [])].map(([group, fields]) => `${group}: ${fields.join(', ')}`);
  return {
    group: 'parameters',
    id: `parameters.${declared?.parameter ?? 'responseGroups'}`,
    title: 'getAccount responseGroups leaves out the fields of the groups it does not name',
    rule: `getAccount ${declared?.parameter ?? ''} (x-response-groups: ${listed.join('; ')}): ${named?.[0] ?? ''} alone keeps ${named?.[1].join(', ') ?? ''} and leaves out the others' fields`,
    assumptions: idsOf(meaning),
    async run(context) {
      if (!declared || !named) skip('getAccount declares no response groups');
      const account = await firstCreated(context);
      const params = { accountId: account.id };
      const full = await context.call(operations.getAccount, { params });
      const reply = await context.call(operations.getAccount, {
        params,
        query: { [declared.parameter]: named[0] },
      });
      if (!succeeded(context.plan, reply) || !succeeded(context.plan, full))
        return expectSuccess(context.plan, reply, `${declared.parameter}=${named[0]}`);
      const got = (reply.json ?? {}) as Item;
      const whole = (full.json ?? {}) as Item;
      const left = others.flatMap(([group, fields]) =>
        fields
          .filter((field) => got[field] !== undefined)
          .map((field) => `/${field} came back, though group ${group} was not named`),
      );
      const dropped = named[1]
        .filter((field) => whole[field] !== undefined && got[field] === undefined)
        .map((field) => `/${field} is missing, though group ${named[0]} was named`);
      const where = ` (${declared.parameter}=${named[0]})`;
      return tagged(
        [...left, ...dropped].map((message) => at(reply, message + where)),
        meaning,
      );
    },
  };
}

/** A value a parameter's schema refuses → 400 with Kibo's error body (never a 5xx). */
function refused(
  id: string,
  title: string,
  rule: string,
  assumption: Assumption | undefined,
  request: CallOptions,
  sent: string,
): Check {
  return {
    group: 'parameters',
    id,
    title,
    rule: `${rule}; the answer is a declared 4xx with Kibo's error body, never a 5xx`,
    assumptions: idsOf(assumption),
    async run(context) {
      const reply = await context.call(operations.getAccounts, request);
      return [...expectStatus(reply, [400], sent, assumption), ...expectDeclaredError(context, reply)];
    },
  };
}

/** The first account of the run's batch, with its id. */
async function firstCreated(context: RunContext): Promise<Item & { id: number }> {
  const { items } = await context.batch();
  const first = items[0] as Item | undefined;
  if (typeof first?.id !== 'number')
    skip('the test batch has no account id to read (see bulk.assigns-unique-ids)');
  return first as Item & { id: number };
}

function at(exchange: Exchange, message: string): Violation {
  return { location: locate(exchange), message };
}
