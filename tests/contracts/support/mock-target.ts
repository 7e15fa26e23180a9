import { createMock, type MockOptions } from '../../../mock/app.ts';
import type { FetchLike, Target } from '../../../client/target.ts';
import { serveFetch } from './serve-fetch.ts';

/** The mock's default clients (DESIGN.md): one with every behavior, one without the TTL behavior. */
export const fullClient = 'mock.app.1.0.0.Release';
export const limitedClient = 'mock.limited.1.0.0.Release';
export const clientSecret = 'mock-secret';

/** What a broken implementation may use to get its flaw past the mock: a token the mock accepts. */
export interface BreakerTools {
  readonly fullToken: string;
  readonly limitedToken: string;
}

/** Turns the mock's fetch into a broken implementation's. */
export type Breaker = (inner: FetchLike, tools: BreakerTools) => FetchLike;

export interface RunningTarget {
  readonly target: Target;
  close(): Promise<void>;
}

/** The target settings for an implementation at `url` that uses the mock's clients and tokens. */
export function mockTargetSettings(url: string, expiredToken: string): Target {
  return {
    baseUrl: `${url}/api`,
    authUrl: url,
    clientId: fullClient,
    clientSecret,
    limitedClientId: limitedClient,
    limitedClientSecret: clientSecret,
    expiredToken,
    // The mock keeps the reset codes it would have e-mailed in its admin API's outbox.
    outboxUrl: `${url}/__mock/outbox`,
  };
}

/** A fresh mock, wrapped by a breaker (or not), served on a free loopback port. */
export async function startMockTarget(breaker?: Breaker, options: MockOptions = {}): Promise<RunningTarget> {
  const mock = await createMock(options);
  const tools: BreakerTools = {
    fullToken: await mock.tokens.issue(fullClient),
    limitedToken: await mock.tokens.issue(limitedClient),
  };
  const inner: FetchLike = async (request) => mock.app.fetch(request);
  const served = await serveFetch(breaker ? breaker(inner, tools) : inner);
  const expiredToken = await mock.tokens.issue(fullClient, { expired: true });
  return { target: mockTargetSettings(served.url, expiredToken), close: () => served.close() };
}
