import type { Assumption } from '../openapi/assumption-marks.ts';
import type { ApiPlan } from '../openapi/operation-plan.ts';
import { locate, type Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import type { Violation } from './check.ts';
import { expectDeclaredError, expectStatus, expectSuccess } from './expectations.ts';
import type { RunContext } from './run-context.ts';
import { ticketOf, type Ticket } from './ticket.ts';

/** A violation seen on one answer. */
export function seenAt(exchange: Exchange, message: string, assumption?: Assumption): Violation {
  return {
    location: locate(exchange),
    message,
    ...(assumption === undefined ? {} : { assumption: assumption.id }),
  };
}

/**
 * The ticket a sign-in (or sign-up, or refresh) must answer: its success with an accessToken to
 * act as the shopper. Without one a journey cannot go on, so the caller stops with the violations.
 */
export function expectTicket(
  context: RunContext,
  reply: Exchange,
  why: string,
):
  | { readonly ticket: Ticket; readonly violations: readonly [] }
  | { readonly ticket: undefined; readonly violations: Violation[] } {
  const ticket = ticketOf(context, reply);
  if (ticket) return { ticket, violations: [] };
  const failed = expectSuccess(context.plan, reply, why);
  return {
    ticket: undefined,
    violations:
      failed.length > 0
        ? failed
        : [seenAt(reply, `/accessToken is missing (${why}): there is no ticket to act as the shopper with`)],
  };
}

/**
 * A refused sign-in (a wrong or old password, a locked login, a used refresh token): never the
 * operation's success, which would sign someone in. How it is refused — the operation's 401 with
 * Kibo's error body — is `assumption` when the caller names one, else the document's status mark.
 */
export function expectRefused(
  context: RunContext,
  reply: Exchange,
  why: string,
  assumption?: Assumption,
): Violation[] {
  const entry = context.plan.operation(reply.operationId);
  const how = assumption ?? context.plan.assumptionOf(entry.response(401), 'status');
  if (reply.status === entry.success.status)
    return [seenAt(reply, `${why} was let in (expected a refusal, ${refusalStatus})`, assumption)];
  return [...expectStatus(reply, [refusalStatus], why, how), ...expectDeclaredError(context, reply)];
}

/** The document's mark on how a sign-in is refused (createUserAuthTicket's 401), for a check's assumptions. */
export function signInRefusal(plan: ApiPlan): Assumption | undefined {
  return plan.assumptionOf(plan.operation(operations.createUserAuthTicket).response(refusalStatus), 'status');
}

/** The document's status for a refused sign-in, as for missing credentials. */
const refusalStatus = 401;
