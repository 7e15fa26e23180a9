import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { KiboHttpError, invalidParameter, notFound } from '../http/error-catalogue.ts';
import type { OperationHandler, OperationResult } from '../http/operation-context.ts';
import type { Journal } from '../journal/journal.ts';
import { accountCredentials } from './account-credentials.ts';
import { parseScenario, type Scenario } from '../world/scenarios/scenario.ts';
import { shippedScenarios } from '../world/scenarios/shipped-scenarios.ts';
import type { World } from '../world/world.ts';

/** What the admin API acts on: the running mock's world and journal. */
export interface AdminSubject {
  /** The plan of the API document, which scenarios are checked against. */
  readonly apiPlan: ApiPlan;
  readonly journal: Journal;
  world(): World;
  /** Switches to the scenario (on a shared store, every replica). */
  loadScenario(scenario: Scenario): Promise<void>;
}

/**
 * The operations of openapi/mock-admin.yaml, by operationId: scenarios, tenant resets, counts, the
 * request journal, the outbox and generated shoppers' credentials. The pipeline has checked parameters and bodies against that document.
 */
export function adminHandlers(admin: ApiPlan, subject: AdminSubject): Record<string, OperationHandler> {
  const shipped = shippedScenarios;
  const success = (operationId: string) => admin.operation(operationId).success.status;
  const status = async (operationId: string): Promise<OperationResult> => ({
    status: success(operationId),
    body: {
      scenario: subject.world().scenario,
      tenants: await subject.world().counts(),
      journalEntries: subject.journal.size,
    },
  });
  /** A scenario that cannot build a world (a bad clock, an unknown behavior) is the caller's 400. */
  const load = async (operationId: string, scenario: Scenario): Promise<OperationResult> => {
    try {
      await subject.loadScenario(scenario);
    } catch (error) {
      if (error instanceof KiboHttpError) throw error;
      throw invalidParameter('scenario', `scenario ${scenario.name}: ${(error as Error).message}`);
    }
    return status(operationId);
  };

  return {
    getMockStatus: () => status('getMockStatus'),
    getAdminDocument: () => ({ status: success('getAdminDocument'), body: admin.loaded.source }),
    listScenarios: () => ({
      status: success('listScenarios'),
      body: { items: [...shipped().values()].map(({ name, description }) => ({ name, description })) },
    }),
    loadScenario: ({ bodyText }) => {
      let scenario: Scenario;
      try {
        scenario = parseScenario(bodyText ?? '', 'scenario', subject.apiPlan);
      } catch (error) {
        throw invalidParameter('scenario', (error as Error).message);
      }
      return load('loadScenario', scenario);
    },
    loadShippedScenario: ({ path }) => {
      const name = String(path.name);
      const found = shipped().get(name);
      if (!found) throw notFound(`no scenario "${name}"; shipped: ${[...shipped().keys()].join(', ')}`);
      return load('loadShippedScenario', parseScenario(found.text, found.file, subject.apiPlan));
    },
    resetTenant: async ({ path }) => {
      await subject.world().resetTenant(path.tenantId as number);
      return { status: success('resetTenant') };
    },
    getJournal: ({ query }) => ({
      status: success('getJournal'),
      body: { items: subject.journal.list(query) },
    }),
    clearJournal: () => {
      subject.journal.clear();
      return { status: success('clearJournal') };
    },
    // The outbox keeps its newest messages only, so the answer is as bounded as it is.
    getOutbox: async ({ query }) => ({
      status: success('getOutbox'),
      body: { items: await subject.world().outbox.list(query) },
    }),
    getAccountCredentials: async ({ path }) => ({
      status: success('getAccountCredentials'),
      body: await accountCredentials(subject.world(), path.tenantId as number, path.accountId as number),
    }),
  };
}
