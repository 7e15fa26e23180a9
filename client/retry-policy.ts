/** How hard one batch (or token request) is tried before it counts as failed. */
export interface RetryPolicy {
  /** Attempts per batch, the first one included. */
  readonly maxAttempts: number;
  /** The first backoff; each later one doubles, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest Retry-After honoured; a larger one is cut to this. */
  readonly maxRetryAfterMs: number;
  readonly random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 600_000,
  random: Math.random,
};

/** 429 and the 5xx that say "try later"; 501 and 505 will answer the same next time. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * The wait after failed attempt `attempt` (1-based): exponential, with "equal jitter" (half fixed,
 * half random) so concurrent workers that failed together do not come back together.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What to wait before the next attempt: the server's Retry-After when it sent one, else backoff. */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfter: string | null,
  now: number,
): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked === undefined) return backoffDelay(policy, attempt);
  // A little jitter on top, never under what the server asked for.
  return Math.min(asked, policy.maxRetryAfterMs) + Math.round(policy.random() * policy.baseDelayMs * 0.2);
}
