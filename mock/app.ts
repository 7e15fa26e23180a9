import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { adminDocumentPath, documentPath } from '../openapi/load-document.ts';
import { loadPlan } from '../openapi/load-plan.ts';
import { relaxedDocument, type AssumptionSettings } from '../openapi/assumption-settings.ts';
import { planOf, uniqueKeysAt, type ApiPlan } from '../openapi/operation-plan.ts';
import { addAccountsHandler } from './accounts/add-accounts.ts';
import { deleteAccountHandler, getAccountHandler } from './accounts/get-account.ts';
import { getAccountsHandler } from './accounts/get-accounts.ts';
import { adminBoundsOf } from './admin/admin-bounds.ts';
import { adminHandlers } from './admin/admin-handlers.ts';
import { adminGuard } from './auth/admin-guard.ts';
import { defaultConfig, type MockConfig } from './auth/config.ts';
import { kiboGuard } from './auth/kibo-guard.ts';
import { oauthAuthenticateAppHandler } from './auth/oauth-authenticate-app.ts';
import { corsAndCorrelation } from './http/cors-and-correlation.ts';
import { documentAsServed } from './http/document-as-served.ts';
import { conflict, KiboHttpError, unexpected } from './http/error-catalogue.ts';
import type { MockEnv } from './http/mock-env.ts';
import { requestLog, type LogSink } from './http/request-log.ts';
import { errorLimitsOf, fitErrorBody } from './http/error-limits.ts';
import { sendJson } from './http/send-json.ts';
import { serveDocument } from './http/serve-document.ts';
import { createJournal, type Journal } from './journal/journal.ts';
import { createMemoryStorage, type Storage } from './accounts/storage.ts';
import { databaseFileName, openSqliteStorage } from './persistence/sqlite-storage.ts';
import { getTenantHandler } from './tenants/get-tenant.ts';
import type { Scenario } from './world/scenarios/scenario.ts';
import { createWorld, type World, type WorldSettings } from './world/world.ts';

export interface MockOptions {
  /** Seed of the generated dataset; account i depends only on (seed, tenant, i). Default 1. */
  readonly seed?: number;
  /** Generated accounts per tenant. Default 250. */
  readonly accounts?: number;
  /** A fixed clock (ISO 8601): every response becomes byte-identical run to run. */
  readonly now?: string;
  readonly config?: MockConfig;
  /** A named world; seed, accounts and now given here win over the scenario's. */
  readonly scenario?: Scenario;
  /**
   * Bearer token the admin API (/__mock) asks for. Without one the admin API is open, which the
   * server only allows on loopback.
   */
  readonly adminToken?: string;
  /** Keep created, changed and deleted accounts across restarts in this folder (SQLite). */
  readonly dataDir?: string;
  /**
   * What created and changed accounts may weigh in memory before they move to a SQLite spill
   * file in the temp folder (without --data-dir). Default 64 MiB.
   */
  readonly memoryBudgetBytes?: number;
  /** The most tenants a world serves (each costs a store); one more gets a 403. Default 1000. */
  readonly maxTenants?: number;
  /** Origins whose pages may send credentials (cookies) to the API; others get CORS without them. */
  readonly corsCredentialOrigins?: readonly string[];
  /** Host names the mock is reached by besides loopback ones (the address it listens on). */
  readonly hosts?: readonly string[];
  /** Where the one-line-per-request log goes; silent when omitted. */
  readonly log?: LogSink;
  /** Another API document to serve (a copy of openapi/customer-accounts.yaml). */
  readonly document?: string;
  /** Another admin document (a copy of openapi/mock-admin.yaml). */
  readonly adminDocument?: string;
  /**
   * The kit's assumptions to turn off (`false`) or re-limit (a number), by id, to make the mock
   * behave like a team's tenant; merged over a scenario's `assumptions`.
   */
  readonly assumptions?: AssumptionSettings;
}

export const defaults = {
  seed: 1,
  accounts: 250,
  memoryBudgetBytes: 64 * 2 ** 20,
  maxTenants: 1000,
} as const;

/** Everything an app is made of, for the server, the CLI and tests that need to look inside. */
export interface Mock {
  readonly app: Hono<MockEnv>;
  /** The plan of the API document the mock serves, with the assumptions it was started with. */
  readonly plan: ApiPlan;
  /** The plan of the admin API's document. */
  readonly adminPlan: ApiPlan;
  readonly journal: Journal;
  /** The current world (tokens, tenants, clock, faults); replaced when a scenario is loaded. */
  world(): World;
  loadScenario(scenario: Scenario | undefined): void;
  /** Shortcut for tests: the current world's token service. */
  readonly tokens: World['tokens'];
  /** Releases the data directory, if any. */
  close(): void;
}

/**
 * Builds the Hono app from the two documents (Kibo's API and the mock's admin API), each served
 * through the same route builder and pipeline. Listens on nothing.
 */
export async function createMock(options: MockOptions = {}): Promise<Mock> {
  const documented = await loadPlan(options.document ?? documentPath);
  const admin = await loadPlan(options.adminDocument ?? adminDocumentPath);
  const settingsOf = (scenario: Scenario | undefined): AssumptionSettings => ({
    ...scenario?.assumptions,
    ...options.assumptions,
  });
  // The document as this world assumes it: a scenario may turn assumptions off.
  const planFor = (settings: AssumptionSettings) =>
    Object.keys(settings).length === 0 ? documented : planOf(relaxedDocument(documented, settings));
  let settings = settingsOf(options.scenario);
  const plan = planFor(settings);
  let current = plan;
  const seed = (scenario: Scenario | undefined) => options.seed ?? scenario?.seed ?? defaults.seed;
  const accounts = (scenario: Scenario | undefined) =>
    options.accounts ?? scenario?.accounts ?? defaults.accounts;
  const uniqueKeys = uniqueKeysAt(plan.rulesOf('CustomerAccount'), []);
  const bounds = adminBoundsOf(admin);
  const maxTenants = options.maxTenants ?? defaults.maxTenants;
  if (!Number.isSafeInteger(maxTenants) || maxTenants < 1 || maxTenants > bounds.maxTenants) {
    throw new Error(`maxTenants must be a whole number from 1 to ${bounds.maxTenants} (got ${maxTenants})`);
  }
  const log = options.log;
  const persistent =
    options.dataDir === undefined
      ? undefined
      : openSqliteStorage(join(options.dataDir, databaseFileName), {
          identity: { seed: seed(options.scenario), accounts: accounts(options.scenario) },
          uniqueKeys,
          log,
        });
  // Without a data directory each world keeps its changes in memory, then in a spill file.
  const storageFor = (): Storage =>
    persistent ??
    createMemoryStorage({
      budgetBytes: options.memoryBudgetBytes ?? defaults.memoryBudgetBytes,
      spill: () =>
        openSqliteStorage(join(tmpdir(), `kibo-accounts-mock-spill-${process.pid}-${randomUUID()}.sqlite`), {
          uniqueKeys,
          temporary: true,
          log,
        }),
      onSpill: log,
    });
  const settingsFor = (scenario: Scenario | undefined): WorldSettings => ({
    seed: seed(scenario),
    accounts: accounts(scenario),
    now: options.now ?? scenario?.now,
    config: options.config ?? defaultConfig,
    scenario,
    storage: storageFor(),
    maxTenants,
  });
  let worldSettings = settingsFor(options.scenario);
  let world = createWorld(current, worldSettings);
  const journal = createJournal({
    clock: () => world.clock(),
    capacity: bounds.journalCapacity,
    pathLength: bounds.journalPathLength,
    queryLength: bounds.journalQueryLength,
    ignoredPrefix: admin.basePath,
  });

  const mock: Mock = {
    app: new Hono<MockEnv>(),
    plan,
    adminPlan: admin,
    journal,
    world: () => world,
    loadScenario(scenario) {
      // Stored ids belong to the dataset the data directory was made with.
      if (persistent) {
        throw conflict('scenarios cannot be switched while the mock persists to a data directory');
      }
      const wanted = settingsOf(scenario);
      const nextPlan = JSON.stringify(wanted) === JSON.stringify(settings) ? current : planFor(wanted);
      const next = settingsFor(scenario);
      try {
        world = createWorld(nextPlan, next);
      } catch (error) {
        next.storage.close();
        throw error;
      }
      if (nextPlan !== current) {
        settings = wanted;
        current = nextPlan;
        api = serveApi(current);
      }
      worldSettings.storage.close();
      worldSettings = next;
      journal.clear();
    },
    close: () => worldSettings.storage.close(),
    get tokens() {
      return world.tokens;
    },
  };

  // Every error answer keeps the documented error body's bounds, whichever builder made it and
  // whatever assumptions a run relaxed.
  const apiErrorLimits = errorLimitsOf(documented);
  const adminErrorLimits = errorLimitsOf(admin);
  const serveApi = (served: ApiPlan) =>
    serveDocument({
      plan: served,
      guard: kiboGuard({ tokens: () => world.tokens, tenant: (id) => world.tenant(id) }),
      handlers: {
        addAccounts: addAccountsHandler(served.operation('addAccounts')),
        getAccounts: getAccountsHandler(served.operation('getAccounts')),
        getAccount: getAccountHandler(served.operation('getAccount')),
        deleteAccount: deleteAccountHandler(served.operation('deleteAccount')),
        oauthAuthenticateApp: oauthAuthenticateAppHandler(
          served.operation('oauthAuthenticateApp'),
          () => world.tokens,
        ),
        getTenant: getTenantHandler(served.operation('getTenant')),
      },
      clock: () => world.clock(),
      simulations: { faults: () => world.faults },
      errorLimits: apiErrorLimits,
    });
  let api = serveApi(current);
  const adminApi = serveDocument({
    plan: admin,
    guard: adminGuard({ adminToken: options.adminToken, hosts: options.hosts }),
    handlers: adminHandlers(admin, {
      apiPlan: plan,
      journal,
      world: () => world,
      loadScenario: (scenario) => mock.loadScenario(scenario),
    }),
    clock: () => world.clock(),
  });

  const { app } = mock;
  app.use(corsAndCorrelation(correlationHeader(documented), [admin.basePath], options.corsCredentialOrigins));
  app.use(requestLog(options.log));
  app.use(journal.middleware);
  app.get('/openapi.json', (c) => c.json(documentAsServed(plan.loaded.source, new URL(c.req.url).origin)));
  app.all(`${admin.basePath}/*`, adminApi);
  app.all('*', (c) => api(c));
  app.onError((error, c) => {
    // The client went away mid-request: nothing to answer, and no bug of ours to log. 499 is
    // nginx's "client closed request", so the log and the journal say what happened.
    if (c.req.raw.signal.aborted) return c.body(null, clientClosedRequest as 200);
    const known = error instanceof KiboHttpError ? error : unexpected();
    if (!(error instanceof KiboHttpError)) options.log?.(`error: ${error.stack ?? String(error)}`);
    // The media type the operation declares for this error; a path no operation owns gets JSON.
    const operationId = c.get('operationId');
    const owner =
      operationId === undefined
        ? undefined
        : [plan, admin].find((p) => p.operations.some((o) => o.operationId === operationId));
    const declared = owner?.operation(operationId ?? '').response(known.status)?.content;
    const body = fitErrorBody(known.body, owner === admin ? adminErrorLimits : apiErrorLimits);
    return sendJson(c, known.status, body, known.headers, Object.keys(declared ?? {})[0]);
  });
  return mock;
}

const clientClosedRequest = 499;

/** The correlation header Kibo's SDK reads, with the length the document allows it. */
function correlationHeader(plan: ApiPlan) {
  const name = 'x-vol-correlation';
  const maxLength = plan.responseHeader(name)?.maxLength;
  if (maxLength === undefined)
    throw new Error(`The document must declare the ${name} header with a maxLength`);
  return { name, maxLength };
}
