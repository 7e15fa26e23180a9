import type { ApiPlan, OperationPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectDeclaredError, expectStatus, idsOf, succeeded, tagged } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { createShoppers, type Shopper } from '../../shopper-fixture.ts';
import { expectTicket, seenAt } from '../../shopper-expectations.ts';
import { asShopper, signIn, type Ticket } from '../../ticket.ts';
import { validRequest } from '../../valid-request.ts';
import { keptFieldChanges } from './kept-field-changes.ts';

/**
 * `x-user-claims-account`: one shopper's claims on every operation of another's account are a
 * 403, and the other account is as it was (same name, contacts, password; still there). The
 * shopper's own account answers them, so a target refusing every claim does not pass by accident.
 */
export function ownAccountOnlyCheck(plan: ApiPlan): Check {
  const scoped = plan.operations.filter((o) => o.userClaimsAccount !== undefined).sort(byHarm);
  const marks = scoped.map((o) => plan.assumptionOf(o.entry.operation, 'x-user-claims-account'));
  return {
    group: 'shoppers',
    id: 'shoppers.own-account-only',
    title: 'A shopper’s claims neither read nor change another account',
    rule: `x-user-claims-account on ${scoped.map((o) => o.operationId).join(', ')}: with x-vol-user-claims of another account → 403 with Kibo's error body, and that account is unchanged; with the account's own → its success`,
    assumptions: idsOf(...marks),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper, other] = await createShoppers(context, 'claims', 2);
        if (!shopper || !other) throw new Error('Bulk created fewer shoppers than asked');
        const signedIn = await signIn(context, shopper.userName, shopper.password);
        const { ticket, violations } = expectTicket(
          context,
          signedIn,
          'the password the account was created with',
        );
        if (!ticket) return violations;
        const mark = marks.find((m) => m !== undefined);
        const own = await context.call(operations.getAccount, {
          params: { accountId: shopper.id },
          headers: asShopper(ticket),
        });
        const found = expectStatus(
          own,
          [context.plan.operation(operations.getAccount).success.status],
          'the claims of the account’s own shopper',
          mark,
        );
        for (const operation of scoped) found.push(...(await intrude(context, operation, ticket, other)));
        return [...found, ...tagged(await unchanged(context, other), mark)];
      }),
  };
}

/** One operation on the other shopper's account, with this shopper's claims: refused. */
async function intrude(
  context: RunContext,
  operation: OperationPlan,
  ticket: Ticket,
  other: Shopper,
): Promise<Violation[]> {
  const label = context.data.label('claims');
  const request = await validRequest(context, operation, label, () => Promise.resolve(other));
  if (!request) return [];
  const reply = await context.call(operation.operationId, {
    ...request,
    headers: { ...request.headers, ...asShopper(ticket) },
  });
  const mark = context.plan.assumptionOf(operation.entry.operation, 'x-user-claims-account');
  return [
    ...expectStatus(reply, [403], `another account's shopper in x-vol-user-claims`, mark),
    ...expectDeclaredError(context, reply),
  ];
}

/** The other account after the intrusions: still there, its name, contacts and password its own. */
async function unchanged(context: RunContext, other: Shopper): Promise<Violation[]> {
  const after = await context.call(operations.getAccount, { params: { accountId: other.id } });
  if (!succeeded(context.plan, after))
    return [seenAt(after, `account ${other.id} cannot be read after another shopper's requests on it`)];
  const read = (after.json ?? {}) as Record<string, unknown>;
  const found = ['firstName', 'lastName']
    .filter((field) => read[field] !== other.account[field])
    .map((field) =>
      seenAt(
        after,
        `/${field} of account ${other.id} changed to ${JSON.stringify(read[field])} by another shopper's claims`,
      ),
    );
  found.push(
    ...keptFieldChanges(context.plan, other.account, read).map((message) =>
      seenAt(after, `${message}, by another shopper's claims`),
    ),
  );
  const signedIn = await signIn(context, other.userName, other.password);
  if (!succeeded(context.plan, signedIn))
    found.push(
      seenAt(
        signedIn,
        `account ${other.id} no longer signs in with its password after another shopper's requests on it`,
      ),
    );
  return found;
}

/** Reads first, then writes, deletes last (the account's own delete at the very end): each later step still has its target. */
function byHarm(a: OperationPlan, b: OperationPlan): number {
  const rank = (o: OperationPlan) =>
    (harm[o.method] ?? 0) * 2 + (o.method === 'DELETE' && o.parameters.path.length === 1 ? 1 : 0);
  return rank(a) - rank(b);
}

const harm: Readonly<Record<string, number>> = { GET: 0, POST: 1, PUT: 2, DELETE: 3 };
