import { createHttpClient } from '../client/http-client.ts';
import type { Redactor } from '../client/redactor.ts';
import type { Target } from '../client/target.ts';
import type { ApiPlan } from '../openapi/operation-plan.ts';
import { createPacer } from '../client/pacer.ts';
import type { RetryPolicy } from '../client/retry-policy.ts';
import type { BatchSender } from './send-batch.ts';
import { createTokenSource } from '../client/token-source.ts';

export interface BatchSenderOptions {
  readonly plan: ApiPlan;
  readonly target: Target;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Learns every token fetched, and hides it and the target's secrets in messages. */
  readonly redactor: Redactor;
  readonly clock: () => number;
}

/** What every batch of a run shares: the contract suite's HTTP client, one token source, one pause. */
export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const { plan, target, policy, signal, redactor, clock } = options;
  const pacer = createPacer(clock);
  const call = createHttpClient({
    plan,
    target,
    timeoutMs: options.timeoutMs,
    checkId: () => 'seed',
    record: () => undefined,
    // Every Bulk call names its token, so a 401 can tell which one was refused.
    defaultAuthorization: () => Promise.reject(new Error('the seeder sends its own Authorization')),
  });
  const tokens = createTokenSource({
    call,
    policy,
    pacer,
    clock,
    signal,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    token: target.token,
    onToken: (token) => redactor.add(token),
  });
  return { call, tokens, policy, pacer, clock, signal, redact: redactor.redact };
}
