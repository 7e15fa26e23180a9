import { errorSummary } from '../client/error-summary.ts';
import { locate, type Call, type Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import { createRedactor } from '../client/redactor.ts';
import type { AccountAndAuthInfo } from './account-input.ts';
import { conflictIndexes } from './conflict-indexes.ts';
import { sleep, type Pacer } from '../client/pacer.ts';
import { isRetryableStatus, retryDelay, type RetryPolicy } from '../client/retry-policy.ts';
import { TokenError, type TokenSource } from '../client/token-source.ts';

/** Accounts start..end-1 of the dataset, ready to send. */
export interface Batch {
  readonly start: number;
  readonly end: number;
  readonly items: readonly AccountAndAuthInfo[];
}

export type BatchOutcome =
  | { readonly kind: 'done'; readonly created: number; readonly alreadyThere: number }
  | {
      readonly kind: 'failed';
      readonly alreadyThere: number;
      readonly failed: number;
      readonly message: string;
      /** True when every later batch would fail the same way (credentials, permissions, wrong URL). */
      readonly fatal: boolean;
    }
  | { readonly kind: 'interrupted' };

export interface BatchSender {
  readonly call: Call;
  readonly tokens: TokenSource;
  readonly policy: RetryPolicy;
  readonly pacer: Pacer;
  readonly signal?: AbortSignal;
  readonly clock: () => number;
  /** Removes the run's secrets and tokens from a message. */
  readonly redact: (text: string) => string;
}

// Nothing of the created accounts is needed back; a target that ignores this sends them all.
const responseFields = 'totalCount';
// Statuses that say the run itself is wrong, not this batch: every other batch would get them too.
const fatalStatuses = new Set([401, 403, 404, 405]);
const itemMessagesShown = 3;

/**
 * Sends one batch until it is in: retries 429, 5xx and network errors with backoff (429 pauses
 * every worker), renews the token once on a 401, and on 409 VALIDATION_CONFLICT leaves out the
 * items the target already has and sends the rest (a batch is all-or-nothing, so nothing of it was
 * created). Conflicts and token renewals use up no attempt: each one brings the batch closer.
 */
export async function sendBatch(batch: Batch, sender: BatchSender): Promise<BatchOutcome> {
  const { call, tokens, policy, pacer, signal, clock } = sender;
  let items = batch.items;
  let alreadyThere = 0;
  let renewed = false;
  const failed = (message: string, fatal = false): BatchOutcome => ({
    kind: 'failed',
    alreadyThere,
    failed: items.length,
    message: hideSecrets(message, batch, sender),
    fatal,
  });

  for (let attempt = 1; ;) {
    if (!(await pacer.ready(signal))) return { kind: 'interrupted' };
    let token: string;
    let reply: Exchange;
    try {
      token = await tokens.get();
      reply = await call(operations.addAccounts, {
        body: items,
        query: { responseFields },
        authorization: `Bearer ${token}`,
      });
    } catch (error) {
      if (signal?.aborted) return { kind: 'interrupted' };
      if (error instanceof TokenError) return failed(error.message, true);
      const problem = error instanceof Error ? error.message : String(error);
      if (attempt >= policy.maxAttempts) return failed(`${problem} (gave up after ${attempt} attempts)`);
      if (!(await sleep(retryDelay(policy, attempt++, null, clock()), signal)))
        return { kind: 'interrupted' };
      continue;
    }

    if (reply.status >= 200 && reply.status <= 299)
      return { kind: 'done', created: items.length, alreadyThere };
    if (reply.status === 401 && !renewed) {
      renewed = true;
      try {
        await tokens.renew(token);
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error), true);
      }
      continue;
    }
    if (reply.status === 409) {
      const conflicting = conflictIndexes(reply.json, items.length);
      if (!conflicting) return failed(`${describeFailure(reply)} (the body names no item to leave out)`);
      alreadyThere += conflicting.size;
      items = items.filter((_, index) => !conflicting.has(index));
      if (items.length === 0) return { kind: 'done', created: 0, alreadyThere };
      continue;
    }
    if (!isRetryableStatus(reply.status))
      return failed(describeFailure(reply), fatalStatuses.has(reply.status));
    if (attempt >= policy.maxAttempts)
      return failed(`${describeFailure(reply)} (gave up after ${attempt} attempts)`);
    const wait = retryDelay(policy, attempt++, reply.headers.get('retry-after'), clock());
    if (reply.status === 429) pacer.pauseUntil(clock() + wait);
    if (!(await sleep(wait, signal))) return { kind: 'interrupted' };
  }
}

/** `POST /commerce/customer/accounts/Bulk → 400: CODE message` and the first items' own messages. */
function describeFailure(reply: Exchange): string {
  const items = (reply.json as { items?: unknown } | undefined)?.items;
  const messages = (Array.isArray(items) ? (items as { message?: unknown }[]) : [])
    .map((item) => item?.message)
    .filter((message): message is string => typeof message === 'string');
  const shown = messages.slice(0, itemMessagesShown).join('; ');
  const more =
    messages.length > itemMessagesShown ? ` (and ${messages.length - itemMessagesShown} more)` : '';
  return `${locate(reply)}${errorSummary(reply)}${shown === '' ? '' : ` — ${shown}${more}`}`;
}

/** A target may quote what it refused, a password included: none may reach the report. */
function hideSecrets(message: string, batch: Batch, sender: BatchSender): string {
  const passwords = batch.items.map((item) => item.password ?? undefined).filter((p) => p !== undefined);
  return createRedactor(passwords).redact(sender.redact(message));
}
