import type { OpenAPIV3_1 } from 'openapi-types';
import type { Assumption } from '../openapi/assumption-marks.ts';
import type { ApiPlan } from '../openapi/operation-plan.ts';
import type { Violation } from './check.ts';
import { bodyFindings, errorStatuses, headerFindings } from './conformance.ts';
import { errorSummary } from '../client/error-summary.ts';
import { locate, type Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import type { RunContext } from './run-context.ts';

/**
 * The status a check expects, with why, e.g. `401 (alg none must be refused)`. When the expected
 * status stands for one of the kit's assumptions, a target answering otherwise does not share it
 * (`assumption`); but a 5xx for a client's mistake is never a difference of opinion.
 */
export function expectStatus(
  exchange: Exchange,
  expected: readonly number[],
  why: string,
  assumption?: Assumption,
): Violation[] {
  if (expected.includes(exchange.status)) return [];
  const serverError = exchange.status >= 500;
  const note = serverError ? ' — a server error, never acceptable for a client mistake' : '';
  const violation = {
    location: locate(exchange),
    message: `expected ${expected.join(' or ')} (${why}), got ${exchange.status}${note}${errorSummary(exchange)}`,
  };
  if (serverError) return [violation];
  if (assumption) return tagged([violation], assumption);
  // Refused, as expected, with another client-error status: Kibo publishes no error statuses, so
  // which 4xx answers what is the kit's account (a 422 for a 400 keeps the published contract).
  const clientError = (status: number) => status >= 400 && status < 500;
  if (clientError(exchange.status) && expected.every(clientError))
    return [{ ...violation, assumption: errorStatuses }];
  return [violation];
}

/** True when an answer has the success status its operation declares (its first 2xx). */
export function succeeded(plan: ApiPlan, exchange: Exchange): boolean {
  return exchange.status === plan.operation(exchange.operationId).success.status;
}

/** The operation's success status, else why not (`why`: what was sent). */
export function expectSuccess(plan: ApiPlan, exchange: Exchange, why: string): Violation[] {
  return expectStatus(exchange, [plan.operation(exchange.operationId).success.status], why);
}

/** The violations, as breaking `assumption` (each keeps an assumption it already names). */
export function tagged(violations: readonly Violation[], assumption: Assumption | undefined): Violation[] {
  if (!assumption) return [...violations];
  return violations.map((v) => (v.assumption === undefined ? { ...v, assumption: assumption.id } : v));
}

/** The ids of the assumptions given, for a check's `assumptions`. */
export function idsOf(...assumptions: readonly (Assumption | undefined)[]): string[] {
  return assumptions.flatMap((a) => (a ? [a.id] : []));
}

/**
 * An error answer as the document declares it: Kibo's JSON error body, validated against the
 * schema of that status, plus the headers it declares (WWW-Authenticate on 401).
 */
export function expectDeclaredError(context: RunContext, exchange: Exchange): Violation[] {
  return exchange.status < 400 ? [] : expectDeclaredAnswer(context, exchange, 'error answer');
}

/** An answer against the document: its body and headers as its status declares them, each finding prefixed with `what`. */
export function expectDeclaredAnswer(context: RunContext, exchange: Exchange, what: string): Violation[] {
  const findings = [
    ...bodyFindings(context.plan, exchange, context.validate),
    ...headerFindings(context.plan, exchange, context.validate),
  ];
  return findings.map((finding) => ({
    location: locate(exchange),
    message: `${what}: ${finding.message}`,
    ...(finding.assumption === undefined ? {} : { assumption: finding.assumption }),
  }));
}

/** Narrows the run's accounts to those matching a filter (Kibo's syntax, as getAccounts declares it). */
export interface Selector {
  readonly filter: string;
  /** How the selector reads in a message, e.g. `externalId starting with ct-x-bad-3-`. */
  readonly describe: string;
  /** The same test on an account read back, so an ignored filter is told apart from a leak. */
  readonly matches: (account: Account) => boolean;
}

type Account = Record<string, unknown>;

export function byEmails(emails: readonly string[]): Selector {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  return {
    filter: emails.map((email) => `emailAddress eq '${email}'`).join(' or '),
    describe: emails.length === 1 ? `email ${emails[0] ?? ''}` : `${emails.length} tagged emails`,
    matches: (account) =>
      typeof account.emailAddress === 'string' && wanted.has(account.emailAddress.toLowerCase()),
  };
}

export function byExternalIdPrefix(prefix: string): Selector {
  return {
    filter: `externalId sw '${prefix}'`,
    describe: `externalId starting with ${prefix}`,
    matches: (account) => typeof account.externalId === 'string' && account.externalId.startsWith(prefix),
  };
}

/**
 * Reads back with the main token: a request that must fail must also have created nothing. What
 * it finds is handed to the cleanup, so a broken target is not left with the run's accounts.
 */
export async function expectNothingCreated(
  context: RunContext,
  selector: Selector,
  why: string,
  assumption?: Assumption,
): Promise<Violation[]> {
  const found = await findAccounts(context, selector);
  if ('violation' in found) return [found.violation];
  const violations: Violation[] = [];
  const ours = found.accounts.filter(selector.matches);
  const ids = ours.map((account) => account.id).filter((id): id is number => typeof id === 'number');
  for (const id of ids) if (!context.created.has(id)) context.created.set(id, undefined);
  if (ours.length > 0) {
    violations.push(
      ...tagged(
        [
          {
            location: found.location,
            message: `${why} created ${ours.length} account(s) anyway (${selector.describe}: ids ${ids.join(', ') || 'unknown'})`,
          },
        ],
        assumption,
      ),
    );
  }
  violations.push(...foreignAccounts(found, selector));
  return violations;
}

/** A request the target must refuse, and what the refusal is checked for. */
export interface Refusal {
  readonly status: number;
  /** The run's label the request's accounts carry (their externalId), to read back. */
  readonly label: string;
  readonly why: string;
  /** How the request reads in a message about accounts it created anyway; `why` when absent. */
  readonly created?: string;
  readonly assumption?: Assumption;
}

/**
 * A refused request, whole: the expected status, a declared error body, and no account created
 * with the request's label (what is found is handed to the cleanup).
 */
export async function expectRefusedCreatingNothing(
  context: RunContext,
  reply: Exchange,
  refusal: Refusal,
): Promise<Violation[]> {
  return [
    ...expectStatus(reply, [refusal.status], refusal.why, refusal.assumption),
    ...expectDeclaredError(context, reply),
    ...(await expectNothingCreated(
      context,
      byExternalIdPrefix(context.data.externalId(refusal.label)),
      refusal.created ?? refusal.why,
      refusal.assumption,
    )),
  ];
}

/** Accounts a filter returned that do not match it: the target ignored or misread the filter. */
export function foreignAccounts(found: FoundAccounts, selector: Selector): Violation[] {
  const foreign = found.accounts.filter((account) => !selector.matches(account));
  if (foreign.length === 0) return [];
  const ids = foreign.map((account) => String(account.id)).slice(0, 5);
  return [
    {
      location: found.location,
      message: `filter "${selector.filter}" returned ${foreign.length} account(s) that do not match it (ids ${ids.join(', ')}${foreign.length > 5 ? ', …' : ''})`,
    },
  ];
}

export interface FoundAccounts {
  readonly exchange: Exchange;
  readonly location: string;
  readonly accounts: readonly Account[];
  readonly ids: readonly number[];
}

/** getAccounts with the selector's filter, one page of the largest size the document allows. */
export async function findAccounts(
  context: RunContext,
  selector: Selector,
): Promise<FoundAccounts | { violation: Violation }> {
  const entry = context.plan.operation(operations.getAccounts);
  const pageSize = entry.parameters.query.find((p) => p.name === 'pageSize')?.schema as
    OpenAPIV3_1.SchemaObject | undefined;
  const reply = await context.call(operations.getAccounts, {
    query: { filter: selector.filter, pageSize: pageSize?.maximum },
  });
  const page = reply.json as { items?: unknown } | undefined;
  if (!succeeded(context.plan, reply) || !Array.isArray(page?.items)) {
    return {
      violation: {
        location: locate(reply),
        message: `could not read back (${selector.describe}) to verify what was created${errorSummary(reply)}`,
      },
    };
  }
  const accounts = (page.items as unknown[]).filter(
    (item): item is Account => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
  const ids = accounts.map((account) => account.id).filter((id): id is number => typeof id === 'number');
  return { exchange: reply, location: locate(reply), accounts, ids };
}
