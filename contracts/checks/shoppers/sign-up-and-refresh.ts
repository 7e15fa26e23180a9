import type { OpenAPIV3_1 } from 'openapi-types';
import type { Assumption } from '../../../openapi/assumption-marks.ts';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import type { Exchange } from '../../../client/http-client.ts';
import { operations } from '../../../client/operations.ts';
import type { Check, Violation } from '../../check.ts';
import { cleaningUp } from '../../cleaning-up.ts';
import { expectRefusedCreatingNothing, expectSuccess, idsOf, succeeded } from '../../expectations.ts';
import type { RunContext } from '../../run-context.ts';
import { expectRefused, expectTicket, seenAt } from '../../shopper-expectations.ts';
import { asShopper, type Ticket } from '../../ticket.ts';
import { newPassword } from '../../shopper-fixture.ts';
import { ticketAssumption, ticketLifetimes, type TicketLifetime } from './ticket-lifetimes.ts';

/** How far a ticket's expiration may be from the answer's time plus its lifetime: clocks and latency. */
const toleranceMinutes = 2;

/**
 * A storefront sign-up: Add-Account-And-Login without a password is refused (when the document
 * requires one), with one it answers the new shopper's ticket, whose tokens live the default
 * lifetimes, whose claims read the new account, and whose refresh token works once.
 */
export function signUpAndRefreshCheck(plan: ApiPlan): Check {
  const signUp = plan.operation(operations.addAccountAndLogin);
  const body = signUp.body?.schema;
  const needsPassword = requires(body, 'password');
  const passwordRule = plan.assumptionOf(body, 'allOf') ?? plan.assumptionOf(body, 'required');
  const lifetimes = ticketLifetimes(plan, signUp);
  const tokens = ticketAssumption(plan, signUp);
  return {
    group: 'shoppers',
    id: 'shoppers.sign-up-and-refresh',
    title: 'A sign-up answers the new shopper’s ticket, whose refresh token works once',
    rule: `addAccountAndLogin${needsPassword ? ' without a password → 400, nothing created; with one' : ''} → ${signUp.success.status} CustomerAuthTicket of the new account (${lifetimes.map((l) => `${l.field} ${l.minutes} minutes on`).join(', ')}: x-default-lifetime-minutes) → getCurrentAccount with its accessToken reads that account → refreshUserAuthTicket with its refreshToken → a new ticket; the same refreshToken again → 401`,
    assumptions: idsOf(
      needsPassword ? passwordRule : undefined,
      tokens,
      ...lifetimes.map((l) => l.assumption),
    ),
    run: (context) =>
      cleaningUp(context, async () => {
        const found: Violation[] = [];
        if (needsPassword) found.push(...(await withoutPassword(context, passwordRule)));
        return [...found, ...(await signUpAndRefresh(context, lifetimes, tokens))];
      }),
  };
}

async function withoutPassword(context: RunContext, rule: Assumption | undefined): Promise<Violation[]> {
  const label = context.data.label('signup');
  const reply = await context.call(operations.addAccountAndLogin, { body: context.data.item(label) });
  return expectRefusedCreatingNothing(context, reply, {
    status: 400,
    label,
    why: 'a sign-up without a password',
    assumption: rule,
  });
}

async function signUpAndRefresh(
  context: RunContext,
  lifetimes: readonly TicketLifetime[],
  tokens: Assumption | undefined,
): Promise<Violation[]> {
  const label = context.data.label('signup');
  const item = context.data.item(label);
  const emailAddress = context.data.email(label);
  const signedUp = await context.call(operations.addAccountAndLogin, {
    body: { ...item, password: newPassword(context, label) },
  });
  const { ticket, violations } = expectTicket(context, signedUp, 'a sign-up with a password');
  if (!ticket) return violations;
  const found = lifetimes.flatMap((lifetime) => lifetimeFindings(signedUp, lifetime));
  found.push(...(await readsAccount(context, ticket, emailAddress, 'the sign-up')));
  if (ticket.refreshToken === undefined)
    return [...found, seenAt(signedUp, '/refreshToken is missing: the shopper could not stay signed in')];

  const query = {
    refreshToken: ticket.refreshToken,
    ...(ticket.accountId === undefined ? {} : { accountId: ticket.accountId }),
  };
  const refreshed = await context.call(operations.refreshUserAuthTicket, { query });
  const renewed = expectTicket(context, refreshed, "the sign-up's refresh token, used once");
  if (!renewed.ticket) return [...found, ...renewed.violations];
  found.push(...(await readsAccount(context, renewed.ticket, emailAddress, 'the refresh')));
  const again = await context.call(operations.refreshUserAuthTicket, { query });
  found.push(...expectRefused(context, again, 'a refresh token used once already', tokens));
  return found;
}

/** The ticket's claims read the account it was issued for (its email address, in any case). */
async function readsAccount(
  context: RunContext,
  ticket: Ticket,
  emailAddress: string,
  after: string,
): Promise<Violation[]> {
  const current = await context.call(operations.getCurrentAccount, { headers: asShopper(ticket) });
  if (!succeeded(context.plan, current))
    return expectSuccess(context.plan, current, `the accessToken of ${after}'s ticket as x-vol-user-claims`);
  const got = (current.json as { emailAddress?: unknown } | undefined)?.emailAddress;
  return typeof got === 'string' && got.toLowerCase() === emailAddress.toLowerCase()
    ? []
    : [
        seenAt(
          current,
          `/emailAddress must be ${emailAddress}, the account of ${after}'s ticket (got ${JSON.stringify(got)})`,
        ),
      ];
}

/** An expiration the default lifetime after the answer (its Date header, else this machine's clock). */
function lifetimeFindings(reply: Exchange, lifetime: TicketLifetime): Violation[] {
  const { field, minutes, assumption } = lifetime;
  const value = (reply.json as Record<string, unknown> | undefined)?.[field];
  const expires = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(expires))
    return [
      seenAt(
        reply,
        `/${field} must be a time ${minutes} minutes on (x-default-lifetime-minutes), got ${JSON.stringify(value)}`,
        assumption,
      ),
    ];
  const date = Date.parse(reply.headers.get('date') ?? '');
  const answered = Number.isNaN(date) ? Date.now() : date;
  const lived = (expires - answered) / 60_000;
  if (Math.abs(lived - minutes) <= toleranceMinutes) return [];
  return [
    seenAt(
      reply,
      `/${field} must be ${minutes} minutes after the answer (x-default-lifetime-minutes: nobody asked for a duration), got ${Math.round(lived)}`,
      assumption,
    ),
  ];
}

/** True when a body schema requires the field, itself or through an `allOf` part. */
function requires(schema: OpenAPIV3_1.SchemaObject | undefined, field: string): boolean {
  if (!schema) return false;
  if (schema.required?.includes(field)) return true;
  return (schema.allOf ?? []).some((part) => requires(part, field));
}
