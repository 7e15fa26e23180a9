import { uniqueKeysAt, type ApiPlan } from '../../openapi/operation-plan.ts';
import { createTenantStore, type TenantStore } from '../accounts/account-store.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import { parseConfig, type MockConfig } from '../auth/config.ts';
import { createDataset, type Dataset } from '../../dataset/create-dataset.ts';
import { tenantSeed } from '../../dataset/tenant-seed.ts';
import type { Storage } from '../accounts/storage.ts';
import { forbidden } from '../http/error-catalogue.ts';
import { createFaults, type Faults } from './scenarios/faults.ts';
import { withFixedAccounts } from './scenarios/fixed-accounts.ts';
import type { Scenario, TenantPlan } from './scenarios/scenario.ts';
import { createTokenService, type TokenService } from '../auth/token-service.ts';
import { createPasswordHasher, type PasswordHasher, type Scrypt } from '../auth/password-hash.ts';
import { createShopperTokens, type ShopperTokens } from '../auth/shopper-tokens.ts';
import { createOutbox, type Outbox } from '../shoppers/outbox.ts';

/** Everything a scenario decides; the app swaps one world for another when a scenario is loaded. */
export interface World {
  readonly scenario: string;
  readonly tokens: TokenService;
  /** Shopper tickets: signed in, anonymous, and the check of x-vol-user-claims. */
  readonly shoppers: ShopperTokens;
  /** How shoppers' passwords are hashed and checked. */
  readonly passwords: PasswordHasher;
  /** What the mock would have e-mailed (reset codes), for the admin API. */
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly config: MockConfig;
  readonly faults: Faults | undefined;
  /** The tenant's store, created on first use from its plan (or the defaults). */
  tenant(tenantId: number): TenantStore;
  /** Back to the tenant's initial accounts: what was created, changed or deleted is forgotten. */
  resetTenant(tenantId: number): Promise<void>;
  /** Counts per tenant that has been used (or is planned). */
  counts(): Promise<{ tenantId: number; accounts: number }[]>;
}

export interface WorldSettings {
  readonly seed: number;
  readonly accounts: number;
  readonly now?: string;
  readonly config: MockConfig;
  readonly scenario?: Scenario;
  /** Where tenants' changes live (memory up to a budget, a spill file, a data directory). */
  readonly storage: Storage;
  /**
   * The most tenants the world serves: each costs a store and a dataset, so a token minted for
   * tenant after tenant would otherwise grow the mock without end. One more gets a 403.
   */
  readonly maxTenants: number;
  /** log2 of scrypt's N for shoppers' password hashes. */
  readonly passwordCost: number;
  /** The runtime's scrypt, when it has a faster one than the portable default. */
  readonly scrypt?: Scrypt;
  /** Messages the outbox keeps (the admin document's bound). */
  readonly outboxCapacity: number;
}

export function createWorld(plan: ApiPlan, settings: WorldSettings): World {
  const scenario = settings.scenario;
  const clock = settings.now === undefined ? systemClock : fixedClock(settings.now);
  const config = scenario ? scenarioConfig(settings.config, scenario) : settings.config;
  const tokens = createTokenService(config, plan.behaviors, clock);
  // The dataset's "now" is fixed when the world starts, so generated dates do not drift in a run.
  const startedAt = clock();
  const plans = new Map<number, TenantPlan>((scenario?.tenants ?? []).map((tenant) => [tenant.id, tenant]));
  const accountRules = plan.rulesOf('CustomerAccount');
  const uniqueKeys = uniqueKeysAt(accountRules, []);
  const datasets = new Map<number, Dataset>();
  const stores = new Map<number, TenantStore>();

  const datasetOf = (tenantId: number) => {
    let dataset = datasets.get(tenantId);
    if (!dataset) {
      const tenantPlan = plans.get(tenantId);
      const seed = tenantSeed(tenantPlan?.seed ?? settings.seed, tenantId);
      try {
        const generated = createDataset({
          seed,
          size: tenantPlan?.accounts ?? settings.accounts,
          now: startedAt,
        });
        dataset = withFixedAccounts(generated, tenantPlan?.fixedAccounts ?? [], accountRules);
      } catch (error) {
        throw new Error(`tenant ${tenantId}: ${(error as Error).message}`, { cause: error });
      }
      datasets.set(tenantId, dataset);
    }
    return dataset;
  };
  // Datasets are lazy (an account is generated when read), so building them all now is cheap and
  // makes a world that cannot exist (a clock out of range, too many ids) fail when it is loaded.
  for (const tenantId of new Set([...plans.keys(), config.defaultTenant])) datasetOf(tenantId);

  const tenant = (tenantId: number) => {
    let store = stores.get(tenantId);
    if (!store) {
      if (stores.size >= settings.maxTenants) {
        throw forbidden(
          `this mock serves at most ${settings.maxTenants} tenants (--max-tenants) and tenant ${tenantId} would be one more; reset the world (PUT /__mock/scenario) or raise the limit`,
        );
      }
      store = createTenantStore(tenantId, datasetOf(tenantId), {
        uniqueKeys,
        backend: settings.storage.backend(tenantId),
      });
      stores.set(tenantId, store);
    }
    return store;
  };

  return {
    scenario: scenario?.name ?? 'default',
    tokens,
    shoppers: createShopperTokens(config, clock),
    passwords: createPasswordHasher(settings.passwordCost, settings.scrypt),
    outbox: settings.storage.outbox?.(settings.outboxCapacity) ?? createOutbox(settings.outboxCapacity),
    clock,
    config,
    faults: createFaults(scenario?.faults ?? [], plan, settings.seed),
    tenant,
    async resetTenant(tenantId) {
      await settings.storage.backend(tenantId).reset();
      // A fresh store reads the emptied backend; a tenant in use stays listed.
      const used = stores.delete(tenantId);
      if (used) tenant(tenantId);
    },
    counts: () =>
      Promise.all(
        [...new Set([...plans.keys(), ...stores.keys()])]
          .sort((a, b) => a - b)
          .map(async (tenantId) => ({ tenantId, accounts: await tenant(tenantId).count() })),
      ),
  };
}

/**
 * A scenario's clients and token lifetimes over the base configuration. Clients that name no
 * tenants, and the default clients, get every tenant the scenario plans, the first as default.
 */
function scenarioConfig(base: MockConfig, scenario: Scenario): MockConfig {
  const tenantIds = scenario.tenants?.map((t) => t.id);
  const clients = (scenario.clients ?? base.clients).map((client) => ({
    ...client,
    behaviors: client.behaviors ?? 'all',
    tenants:
      scenario.clients && client.tenants
        ? client.tenants
        : (tenantIds ?? client.tenants ?? [base.defaultTenant]),
  }));
  return parseConfig(
    { ...base, ...scenario.auth, defaultTenant: tenantIds?.[0] ?? base.defaultTenant, clients },
    `scenario ${scenario.name}`,
  );
}
