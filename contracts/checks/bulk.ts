import type { OpenAPIV3_1 } from 'openapi-types';
import { fieldValues, formatFieldPath, schemaAt } from '../../openapi/field-paths.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { bulkSchemas } from '../account-schemas.ts';
import { expectedEcho } from '../expected-echo.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { echoMismatches } from '../echo-mismatches.ts';
import { errorSummary } from '../../client/error-summary.ts';
import { byExternalIdPrefix, findAccounts, foreignAccounts, idsOf, tagged } from '../expectations.ts';
import { locate, type Exchange } from '../../client/http-client.ts';
import { operations } from '../../client/operations.ts';
import { writeOnlyLeaks } from '../write-only-leaks.ts';
import { writeOnlyNames } from '../write-only-names.ts';

type Item = Record<string, unknown>;
type AccountItemLike = Parameters<ReturnType<typeof expectedEcho>>[0];

/** The happy path of Bulk, on one batch of tagged accounts created once per run. */
export function bulkChecks(plan: ApiPlan): Check[] {
  const schemas = bulkSchemas(plan);
  const getAccount = plan.operation(operations.getAccount);
  const getAccounts = plan.operation(operations.getAccounts);
  const rules = schemas.plan.rules;
  // A write-only field is looked for by name anywhere in an answer, and by every value sent in it.
  const named = writeOnlyNames(plan);
  const secretRules = rules.writeOnly.map((path) => ({
    path,
    name: path.at(-1) ?? '',
    assumption: plan.assumptionOf(schemaAt(schemas.item, path), 'x-write-only'),
  }));
  const echo = expectedEcho(rules);
  // What is echoed as sent is Kibo's contract; what x-default-from fills in may be the kit's.
  const echoAsSent = expectedEcho({ ...rules, defaults: [] });
  const defaults = rules.defaults.map((rule) => ({
    field: rule.path.at(-1) ?? '',
    assumption: plan.assumptionOf(schemaAt(schemas.item, rule.path), 'x-default-from'),
  }));
  /** Where `actual` does not carry the item sent: as sent is Kibo's, x-default-from the rule's. */
  const echoViolations = (
    item: AccountItemLike,
    actual: unknown,
    pointer: string,
    exchange: Exchange,
    extra: Item = {},
  ): Violation[] => {
    const asSent = echoMismatches({ ...extra, ...echoAsSent(item) }, actual, pointer);
    const all = echoMismatches({ ...extra, ...echo(item) }, actual, pointer);
    return [
      ...asSent.map((message) => at(exchange, message)),
      ...all
        .filter((message) => !asSent.includes(message))
        .flatMap((message) => {
          const rule = defaults.find(({ field }) => message.startsWith(`${pointer}/${field} `));
          return tagged([at(exchange, message)], rule?.assumption);
        }),
    ];
  };
  // A field the item leaves out takes its `default` (what the server makes of it; the server's own
  // fields, readOnly, are its business).
  const valueDefaults = Object.entries(schemas.account.properties ?? {}).flatMap(([field, property]) => {
    const schema = property as OpenAPIV3_1.SchemaObject;
    if (schema.default === undefined || schema.readOnly === true) return [];
    return [{ field, value: schema.default as unknown, assumption: plan.assumptionOf(schema, 'default') }];
  });
  const addAccounts = plan.operation(operations.addAccounts);
  const batchEcho = plan.assumptionOf(addAccounts.entry.operation, 'x-batch-echo');
  const echoesBatch = addAccounts.batchEcho;
  return [
    {
      group: 'bulk',
      id: 'bulk.creates-batch',
      title: 'Bulk creates every account sent, in request order',
      rule: `addAccounts → ${addAccounts.success.status} CustomerAccountCollection with the created accounts${echoesBatch ? ' (in request order: x-batch-echo)' : ''}`,
      assumptions: idsOf(batchEcho),
      async run(context) {
        const { sent, reply, items } = await context.batch();
        if (items.length !== sent.length) {
          return [at(reply, `/items must hold the ${sent.length} account(s) sent (got ${items.length})`)];
        }
        // Every account sent must come back (Kibo's); in the order sent is x-batch-echo.
        const wanted = sent.map((item) => item.account?.emailAddress);
        const got = items.map((item) => (item as Item | null)?.emailAddress);
        const missing = wanted.filter((email) => !got.includes(email));
        if (missing.length > 0) {
          return [
            at(reply, `/items must hold every account sent; missing ${missing.map(String).join(', ')}`),
          ];
        }
        if (!echoesBatch) return [];
        return tagged(
          wanted.flatMap((want, index) =>
            got[index] === want
              ? []
              : [
                  at(
                    reply,
                    `/items/${index}/emailAddress must be ${String(want)} (request order), got ${String(got[index])}`,
                  ),
                ],
          ),
          batchEcho,
        );
      },
    },
    {
      group: 'bulk',
      id: 'bulk.echoes-fields',
      title: 'Each created account carries the fields sent, and the declared defaults',
      rule: `every property sent comes back unchanged, but write-only (x-write-only) and read-only (readOnly) ones; ${rules.defaults.map((d) => `${formatFieldPath(d.path)} defaults to ${d.from} (x-default-from)`).join('; ')}`,
      assumptions: idsOf(...defaults.map((d) => d.assumption)),
      async run(context) {
        const { sent, reply, items, answered } = await context.batch();
        return sent.flatMap((item, index) => {
          const at = answered[index] ?? index;
          return echoViolations(item, items[at], `/items/${at}`, reply);
        });
      },
    },
    {
      group: 'bulk',
      id: 'bulk.defaults',
      title: 'Each created account takes the declared default of every field its item left out',
      rule: `CustomerAccount defaults: ${valueDefaults.map((d) => `${d.field} ${JSON.stringify(d.value)}`).join(', ') || '(none)'}`,
      assumptions: idsOf(...valueDefaults.map((d) => d.assumption)),
      async run(context) {
        if (valueDefaults.length === 0) skip('CustomerAccount declares no defaults');
        const { sent, reply, items, answered } = await context.batch();
        return sent.flatMap((item, index) => {
          const answer = answered[index] ?? index;
          const account = (items[answer] ?? {}) as Item;
          return valueDefaults
            .filter(({ field }) => item.account?.[field] === undefined)
            .flatMap(({ field, value, assumption }) =>
              Object.is(account[field], value)
                ? []
                : tagged(
                    [
                      at(
                        reply,
                        `/items/${answer}/${field} must default to ${JSON.stringify(value)}, as its item left it out (got ${JSON.stringify(account[field]) ?? 'nothing'})`,
                      ),
                    ],
                    assumption,
                  ),
            );
        });
      },
    },
    {
      group: 'bulk',
      id: 'bulk.assigns-unique-ids',
      title: 'Each created account gets its own integer id',
      rule: 'CustomerAccount.id: integer (int32), "the customer number, assigned by the server"; one per account',
      async run(context) {
        const { reply, items } = await context.batch();
        const seen = new Map<number, number>();
        const violations: Violation[] = [];
        items.forEach((item, index) => {
          const id = (item as Item | null)?.id;
          if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
            violations.push(
              at(
                reply,
                `/items/${index}/id must be a positive integer (got ${JSON.stringify(id) ?? 'nothing'})`,
              ),
            );
            return;
          }
          const first = seen.get(id);
          if (first !== undefined)
            violations.push(at(reply, `/items/${index}/id ${id} repeats /items/${first}/id`));
          else seen.set(id, index);
        });
        return violations;
      },
    },
    {
      group: 'bulk',
      id: 'bulk.paging',
      title: 'The Bulk answer is one whole page',
      rule: `addAccounts → ${addAccounts.success.status} (x-batch-echo): startIndex 0, pageSize = totalCount = number of items, pageCount 1`,
      assumptions: idsOf(batchEcho),
      async run(context) {
        if (!echoesBatch) skip('addAccounts does not declare x-batch-echo: its answer need not be one page');
        const { reply, items } = await context.batch();
        const page = reply.json as Item;
        const expected: Item = {
          startIndex: 0,
          pageSize: items.length,
          totalCount: items.length,
          pageCount: 1,
        };
        return tagged(
          Object.entries(expected).flatMap(([field, want]) =>
            page[field] === want
              ? []
              : [
                  at(
                    reply,
                    `/${field} must be ${String(want)} (got ${JSON.stringify(page[field]) ?? 'nothing'})`,
                  ),
                ],
          ),
          batchEcho,
        );
      },
    },
    {
      group: 'bulk',
      id: 'bulk.write-only-hidden',
      title: 'Passwords, password hashes and every other write-only field never come back',
      rule: `${named.map((n) => n.name).join(', ')} are x-write-only: accepted, never stored in clear, never returned (not by Bulk, not by getAccount, not on a getAccounts page of accounts the run did not create)`,
      assumptions: idsOf(...secretRules.map((r) => r.assumption), ...named.map((n) => n.assumption)),
      async run(context) {
        const { sent, reply, items } = await context.batch();
        const read = (accountId: number) => context.call(operations.getAccount, { params: { accountId } });
        const answers: Exchange[] = [reply];
        for (const id of accountIds(items)) {
          const answer = await read(id);
          if (answer.status === getAccount.success.status) answers.push(answer);
        }
        // Accounts the run did not send (generated, imported, stored) must not carry them either.
        const page = await context.call(operations.getAccounts);
        const tenant = page.status === getAccounts.success.status ? [page] : [];
        const [other] = accountIds(itemsOf(page));
        if (other !== undefined) {
          const answer = await read(other);
          if (answer.status === getAccount.success.status) tenant.push(answer);
        }
        const byName = tenant.flatMap((answer) =>
          named.flatMap(({ name, assumption }) =>
            tagged(
              writeOnlyLeaks(answer.json, [name], [], { hashes: false }).map((message) =>
                at(answer, message),
              ),
              assumption,
            ),
          ),
        );
        // Each field's leaks are its own rule's (password's is Kibo's); a password hash is Kibo's.
        return [
          ...byName,
          ...answers.flatMap((answer) => [
            ...secretRules.flatMap(({ path, name, assumption }) => {
              const secrets = sent.flatMap((item) =>
                fieldValues(item, path)
                  .map(({ value }) => value)
                  .filter((v): v is string => typeof v === 'string'),
              );
              const leaks = writeOnlyLeaks(answer.json, [name], secrets, { hashes: false });
              return tagged(
                leaks.map((message) => at(answer, message)),
                assumption,
              );
            }),
            ...writeOnlyLeaks(answer.json, [], [], { hashes: true }).map((message) => at(answer, message)),
          ]),
        ];
      },
    },
    {
      group: 'bulk',
      id: 'bulk.read-back-by-id',
      title: 'Each created account can be read back by id, as created',
      rule: `getAccount(accountId) → ${getAccount.success.status} CustomerAccount: the account Bulk created, with the fields sent`,
      assumptions: idsOf(...defaults.map((d) => d.assumption)),
      async run(context) {
        const { sent, reply, items, answered } = await context.batch();
        const violations: Violation[] = [];
        for (const [index, item] of sent.entries()) {
          const answer = answered[index] ?? index;
          const id = (items[answer] as Item | null | undefined)?.id;
          if (typeof id !== 'number') {
            violations.push(at(reply, `/items/${answer} has no id to read back`));
            continue;
          }
          const read = await context.call(operations.getAccount, { params: { accountId: id } });
          if (read.status !== getAccount.success.status) {
            violations.push(
              at(read, `account ${id} created by Bulk cannot be read back${errorSummary(read)}`),
            );
            continue;
          }
          const echoed = echoViolations(item, read.json, '', read, { id });
          violations.push(...echoed.map((v) => ({ ...v, message: `account ${id}: ${v.message}` })));
        }
        return violations;
      },
    },
    {
      group: 'bulk',
      id: 'bulk.read-back-by-filter',
      title: 'The created accounts can be found with a getAccounts filter, on a consistent page',
      rule: "getAccounts filter (e.g. externalId sw '…') finds exactly the created accounts; pageCount = ceil(totalCount / pageSize)",
      async run(context) {
        const { items } = await context.batch();
        const selector = byExternalIdPrefix(context.data.externalIdPrefix + 'bulk-');
        const found = await findAccounts(context, selector);
        if ('violation' in found) return [found.violation];
        const page = found.exchange;
        const want = accountIds(items).sort((a, b) => a - b);
        const got = [...found.ids].sort((a, b) => a - b);
        const violations: Violation[] = [];
        if (want.join() !== got.join()) {
          violations.push(
            at(
              page,
              `filter ${selector.describe} must find ids ${want.join(', ')} (got ${got.join(', ') || 'none'})`,
            ),
          );
        }
        violations.push(...foreignAccounts(found, selector), ...pagingOf(page, want.length));
        return violations;
      },
    },
  ];
}

function pagingOf(page: Exchange, total: number): Violation[] {
  const body = page.json as Item;
  const pageSize = body.pageSize;
  const problems: string[] = [];
  if (body.totalCount !== total)
    problems.push(`/totalCount must be ${total} (got ${JSON.stringify(body.totalCount)})`);
  if (body.startIndex !== 0)
    problems.push(`/startIndex must be 0 for the first page (got ${JSON.stringify(body.startIndex)})`);
  if (typeof pageSize !== 'number' || pageSize < 1) {
    problems.push(`/pageSize must be the page size asked for (got ${JSON.stringify(pageSize)})`);
  } else if (body.pageCount !== Math.ceil(total / pageSize)) {
    problems.push(
      `/pageCount must be ceil(totalCount / pageSize) = ${Math.ceil(total / pageSize)} (got ${JSON.stringify(body.pageCount)})`,
    );
  }
  return problems.map((message) => at(page, message));
}

function itemsOf(page: Exchange): unknown[] {
  const items = (page.json as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as unknown[]) : [];
}

function accountIds(items: readonly unknown[]): number[] {
  return items.map((item) => (item as Item | null)?.id).filter((id): id is number => typeof id === 'number');
}

function at(exchange: Exchange, message: string): Violation {
  return { location: locate(exchange), message };
}
