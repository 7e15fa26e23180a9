import { expect, it } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { createMock } from '../../mock/app.ts';
import { defaultConfig } from '../../mock/auth/config.ts';
import type { Scenario } from '../../mock/world/scenarios/scenario.ts';
import { createMemoryStorage } from '../../mock/accounts/storage.ts';
import { createWorld, type WorldSettings } from '../../mock/world/world.ts';
import { fixedNow } from '../support/mock-client.ts';

const plan = await loadPlan();
const settings = (change: Partial<WorldSettings>): WorldSettings => ({
  seed: 1,
  accounts: 10,
  now: fixedNow,
  config: defaultConfig,
  storage: createMemoryStorage({ budgetBytes: 2 ** 20 }),
  maxTenants: 10,
  passwordCost: 4,
  outboxCapacity: 10,
  ...change,
});
const scenario = (tenants: Scenario['tenants']): Scenario => ({ name: 'x', tenants });

it('fails when loaded, not on the first request, when the clock is out of the dataset’s range', () => {
  expect(() => createWorld(plan, settings({ now: '0005-06-01T00:00:00Z' }))).toThrow(
    /^tenant 100000: createDataset: now must be/,
  );
});

it('fails when loaded when a planned tenant has more accounts than int32 ids', () => {
  const tenants = [{ id: 100000 }, { id: 7, accounts: 2 ** 31 }];
  expect(() => createWorld(plan, settings({ scenario: scenario(tenants) }))).toThrow(
    /^tenant 7: createDataset: ids firstId\.\.firstId\+size-1 must be positive int32/,
  );
});

it('fails when loaded when the default tenant’s size is not a count', () => {
  expect(() => createWorld(plan, settings({ accounts: -1 }))).toThrow(
    /^tenant 100000: createDataset: size must be a non-negative integer/,
  );
});

it('fails when loaded when a fixed account carries a field the server assigns', () => {
  const tenants = [{ id: 3, fixedAccounts: [{ firstName: 'Ann' }, { id: 5 }] }];
  expect(() => createWorld(plan, settings({ scenario: scenario(tenants) }))).toThrow(
    'tenant 3: fixedAccounts[1].id: is assigned by the server (readOnly); fixed accounts take ids 1001, 1002 … in order, so this one is 1002',
  );
});

it('fails when loaded when a tenant has fewer accounts than fixed accounts', () => {
  const tenants = [{ id: 3, accounts: 1, fixedAccounts: [{ firstName: 'Ann' }, { firstName: 'Bo' }] }];
  expect(() => createWorld(plan, settings({ scenario: scenario(tenants) }))).toThrow(
    'tenant 3: 2 fixed accounts need at least as many accounts (got 1)',
  );
});

it('keeps the current world when a scenario cannot be loaded', async () => {
  const mock = await createMock({ now: fixedNow });
  expect(() => mock.loadScenario(scenario([{ id: 9, fixedAccounts: [{ userId: 'u' }] }]))).toThrow(
    /^tenant 9: fixedAccounts\[0\]\.userId/,
  );
  expect(mock.world().scenario).toBe('default');
});
