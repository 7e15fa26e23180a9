import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  retryAfterMs,
  retryDelay,
} from '../../client/retry-policy.ts';

const at = (random: number) => ({ ...defaultRetryPolicy, random: () => random });

describe('retry policy', () => {
  it('retries 429 and passing 5xx, nothing else', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 501, 505].some(isRetryableStatus)).toBe(false);
  });

  it('doubles the backoff per attempt, with jitter in the upper half, up to the ceiling', () => {
    expect(backoffDelay(at(0), 1)).toBe(250);
    expect(backoffDelay(at(1), 1)).toBe(500);
    expect(backoffDelay(at(1), 3)).toBe(2000);
    expect(backoffDelay(at(0), 3)).toBe(1000);
    expect(backoffDelay(at(1), 20)).toBe(defaultRetryPolicy.maxDelayMs);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('waits at least what Retry-After asks, capped, instead of the backoff', () => {
    expect(retryDelay(at(0), 1, '3', 0)).toBe(3000);
    expect(retryDelay(at(1), 1, '3', 0)).toBeGreaterThanOrEqual(3000);
    expect(retryDelay(at(0), 1, '99999', 0)).toBe(defaultRetryPolicy.maxRetryAfterMs);
    expect(retryDelay(at(0), 2, null, 0)).toBe(backoffDelay(at(0), 2));
  });
});
