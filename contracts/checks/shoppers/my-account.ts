import type { Assumption } from '../../../openapi/assumption-marks.ts';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { createShoppers, newPassword, type Shopper } from '../../shopper-fixture.ts';
import { expectRefused, expectTicket, seenAt, signInRefusal } from '../../shopper-expectations.ts';
import { sampleContact } from '../../test-data.ts';
import { asShopper, signIn } from '../../ticket.ts';
import { updateBody } from '../../update-body.ts';
import { addressBookSteps } from './address-book-steps.ts';
import { keptFieldChanges } from './kept-field-changes.ts';

type Json = Record<string, unknown>;

/**
 * The storefront's My Account, end to end, on a shopper of its own: signed in with the password
 * Bulk gave it, the account read through the shopper's claims, renamed, a contact added, changed
 * and removed, the password changed — after which only the new one signs in.
 */
export function myAccountCheck(plan: ApiPlan): Check {
  const update = plan.operation(operations.updateAccount);
  const kept = plan.assumptionOf(update.entry.operation, 'x-kept-when-absent');
  const refusal = signInRefusal(plan);
  return {
    group: 'shoppers',
    id: 'shoppers.my-account',
    title: 'A shopper signs in, reads and edits their account and address book, and changes their password',
    rule: `Bulk with a password → createUserAuthTicket → getCurrentAccount with x-vol-user-claims (the ticket's accessToken) answers that shopper's account → updateAccount renames it, keeping ${update.keptWhenAbsent.join(', ') || 'nothing'} it leaves out (x-kept-when-absent) → addAccountContact, getAccountContact, updateAccountContact, deleteAccountContact → changePassword: the old password is refused, the new one signs in`,
    assumptions: idsOf(kept, refusal),
    run: (context) =>
      cleaningUp(context, async () => {
        const [shopper] = await createShoppers(context, 'journey', 1);
        if (!shopper) throw new Error('Bulk created no shopper');
        return myAccount(context, shopper, kept);
      }),
  };
}

async function myAccount(
  context: RunContext,
  shopper: Shopper,
  kept: Assumption | undefined,
): Promise<Violation[]> {
  const { plan } = context;
  const accountId = shopper.id;
  const signedIn = await signIn(context, shopper.userName, shopper.password);
  const { ticket, violations } = expectTicket(context, signedIn, 'the password the account was created with');
  if (!ticket) return violations;
  const found: Violation[] = [];
  if (ticket.accountId !== undefined && ticket.accountId !== accountId)
    found.push(
      seenAt(
        signedIn,
        `/customerAccount/id must be ${accountId}, the account signed in (got ${ticket.accountId})`,
      ),
    );

  const current = await context.call(operations.getCurrentAccount, { headers: asShopper(ticket) });
  if (!succeeded(plan, current))
    return [...found, ...expectSuccess(plan, current, "the signed-in shopper's x-vol-user-claims")];
  const mine = (current.json ?? {}) as Json;
  if (mine.id !== accountId)
    found.push(
      seenAt(
        current,
        `/id must be ${accountId}, the account of the shopper in x-vol-user-claims (got ${String(mine.id)})`,
      ),
    );

  found.push(...(await rename(context, shopper, mine.id === accountId ? mine : shopper.account, kept)));
  found.push(...(await addressBookSteps(context, accountId, sampleContact(context.data, shopper.label))));

  const changed = newPassword(context, shopper.label);
  const change = await context.call(operations.changePassword, {
    params: { accountId },
    body: { oldPassword: shopper.password, newPassword: changed },
  });
  if (!succeeded(plan, change)) return [...found, ...expectSuccess(plan, change, 'the right old password')];
  const old = await signIn(context, shopper.userName, shopper.password);
  found.push(...expectRefused(context, old, 'the password before the change'));
  const renewed = await signIn(context, shopper.userName, changed);
  found.push(...expectTicket(context, renewed, 'the new password').violations);
  return found;
}

/** updateAccount with a new first name: answered and read back so, the rest of the account kept. */
async function rename(
  context: RunContext,
  shopper: Shopper,
  before: Readonly<Json>,
  kept: Assumption | undefined,
): Promise<Violation[]> {
  const { plan } = context;
  const params = { accountId: shopper.id };
  const firstName = `Renamed ${shopper.label}`;
  const updated = await context.call(operations.updateAccount, {
    params,
    body: updateBody(plan, before, { firstName }),
  });
  if (!succeeded(plan, updated)) return expectSuccess(plan, updated, 'a new firstName');
  const found: Violation[] = [];
  const answered = (updated.json ?? {}) as Json;
  if (answered.firstName !== firstName)
    found.push(
      seenAt(
        updated,
        `/firstName must be "${firstName}" as sent (got ${JSON.stringify(answered.firstName)})`,
      ),
    );
  const after = await context.call(operations.getAccount, { params });
  if (!succeeded(plan, after)) return [...found, ...expectSuccess(plan, after, 'the account just updated')];
  const read = (after.json ?? {}) as Json;
  if (read.firstName !== firstName)
    found.push(
      seenAt(
        after,
        `/firstName must read "${firstName}" after the update (got ${JSON.stringify(read.firstName)})`,
      ),
    );
  found.push(...keptFieldChanges(plan, before, read).map((message) => seenAt(after, message, kept)));
  return found;
}
