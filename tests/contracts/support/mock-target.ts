import { createMock, type MockOptions } from '../../../mock/app.ts';
import { defaultConfig, type MockConfig } from '../../../mock/auth/config.ts';
import type { TokenService } from '../../../mock/auth/token-service.ts';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import type { Credentials, FetchLike, Target } from '../../../client/target.ts';
import { serveFetch } from './serve-fetch.ts';

/** The mock's default clients (DESIGN.md): one with every behavior, one without the TTL behavior. */
export const fullClient = 'mock.app.1.0.0.Release';
export const limitedClient = 'mock.limited.1.0.0.Release';
export const clientSecret = 'mock-secret';

/** A client of a second tenant, for the tenant-isolation check. */
export const otherTenantClient = 'mock.other-tenant.1.0.0.Release';
export const otherTenant = 200000;

/** The default configuration plus the other tenant's client: what the suite's mock runs with. */
export const suiteConfig: MockConfig = {
  ...defaultConfig,
  clients: [
    ...defaultConfig.clients,
    { clientId: otherTenantClient, clientSecret, tenants: [otherTenant], behaviors: 'all' },
  ],
};

/** Tokens the mock accepts that the suite cannot ask a client-credentials endpoint for. */
export interface MintedTokens {
  readonly expiredToken: string;
  /** Per behavior the document names: a token of the full client with every other behavior. */
  readonly withoutBehavior: Readonly<Record<string, Credentials>>;
}

/**
 * What the mock's token tool mints (`npm run token -- --behaviors …`), minted in-process, for
 * the behaviors the mock's document names.
 */
export async function mintTokens(mock: {
  tokens: Pick<TokenService, 'issue'>;
  plan: ApiPlan;
}): Promise<MintedTokens> {
  const { tokens } = mock;
  const { behaviors } = mock.plan;
  const withoutBehavior: Record<string, Credentials> = {};
  for (const behavior of behaviors) {
    const others = behaviors.filter((b) => b !== behavior);
    withoutBehavior[behavior] = { token: await tokens.issue(fullClient, { behaviors: others }) };
  }
  return { expiredToken: await tokens.issue(fullClient, { expired: true }), withoutBehavior };
}

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
export function mockTargetSettings(url: string, minted: MintedTokens): Target {
  return {
    baseUrl: `${url}/api`,
    authUrl: url,
    clientId: fullClient,
    clientSecret,
    limitedClientId: limitedClient,
    limitedClientSecret: clientSecret,
    otherTenantClientId: otherTenantClient,
    otherTenantClientSecret: clientSecret,
    expiredToken: minted.expiredToken,
    withoutBehavior: minted.withoutBehavior,
    // The mock keeps the reset codes it would have e-mailed in its admin API's outbox.
    outboxUrl: `${url}/__mock/outbox`,
  };
}

/** A fresh mock, wrapped by a breaker (or not), served on a free loopback port. */
export async function startMockTarget(breaker?: Breaker, options: MockOptions = {}): Promise<RunningTarget> {
  const mock = await createMock({ config: suiteConfig, ...options });
  const tools: BreakerTools = {
    fullToken: await mock.tokens.issue(fullClient),
    limitedToken: await mock.tokens.issue(limitedClient),
  };
  const inner: FetchLike = async (request) => mock.app.fetch(request);
  const served = await serveFetch(breaker ? breaker(inner, tools) : inner);
  return {
    target: mockTargetSettings(served.url, await mintTokens(mock)),
    close: () => served.close(),
  };
}
