import { Hono } from 'hono';
import { bundledDocument } from '../openapi/bundled-document.ts';
import type { LoadedDocument } from '../openapi/loaded-document.ts';
import { planOf, type ApiPlan } from '../openapi/operation-plan.ts';
import { addAccountsHandler } from './accounts/add-accounts.ts';
import { deleteAccountHandler, getAccountHandler } from './accounts/get-account.ts';
import { getAccountsHandler } from './accounts/get-accounts.ts';
import { adminHandlers } from './admin/admin-handlers.ts';
import { adminGuard } from './auth/admin-guard.ts';
import { defaultConfig, type ClientConfig, type MockConfig } from './auth/config.ts';
import { kiboGuard } from './auth/kibo-guard.ts';
import { oauthAuthenticateAppHandler } from './auth/oauth-authenticate-app.ts';
import { corsAndCorrelation } from './http/cors-and-correlation.ts';
import { docsPath, docsRoutes, type DocsAssets } from './http/docs-routes.ts';
import { landing } from './http/landing.ts';
import { conflict, KiboHttpError, unexpected } from './http/error-catalogue.ts';
import type { MockEnv } from './http/mock-env.ts';
import { requestLog, type LogSink } from './http/request-log.ts';
import { sendJson } from './http/send-json.ts';
import { serveDocument } from './http/serve-document.ts';
import { createJournal, type Journal } from './journal/journal.ts';
import type { AccountPersistence, DatasetIdentity } from './persistence/account-persistence.ts';
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
  /**
   * Keeps created, changed and deleted accounts beyond the process: called once with the dataset
   * the stored ids belong to. The Node shell opens SQLite here for --data-dir; in memory when
   * omitted.
   */
  readonly openPersistence?: (dataset: DatasetIdentity) => AccountPersistence | Promise<AccountPersistence>;
  /** Where the one-line-per-request log goes; silent when omitted. */
  readonly log?: LogSink;
  /**
   * The documents to serve, loaded: the Node shell reads them from files (mock/node); by default
   * the kit's own, bundled as data, so the app builds where there are no files.
   */
  readonly documents?: { readonly api: LoadedDocument; readonly admin: LoadedDocument };
  /** Swagger UI's files: with them the mock serves its API reference at /docs (the Node shell has them). */
  readonly docsAssets?: DocsAssets;
}

export const defaults = { seed: 1, accounts: 250 } as const;

/** Everything an app is made of, for the server, the CLI and tests that need to look inside. */
export interface Mock {
  readonly app: Hono<MockEnv>;
  /** The plan of the API document the mock serves. */
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
 * through the same route builder and pipeline. Listens on nothing, reads no file, and uses only
 * web-standard APIs (fetch's Request and Response, WebCrypto): the same app runs in Node, in msw
 * handlers and in a browser page.
 */
export async function createMock(options: MockOptions = {}): Promise<Mock> {
  const plan = planOf(options.documents?.api ?? bundledDocument('customer-accounts.yaml'));
  const admin = planOf(options.documents?.admin ?? bundledDocument('mock-admin.yaml'));
  const seed = (scenario: Scenario | undefined) => options.seed ?? scenario?.seed ?? defaults.seed;
  const accounts = (scenario: Scenario | undefined) =>
    options.accounts ?? scenario?.accounts ?? defaults.accounts;
  const persistence = await options.openPersistence?.({
    seed: seed(options.scenario),
    accounts: accounts(options.scenario),
  });
  const settingsFor = (scenario: Scenario | undefined): WorldSettings => ({
    seed: seed(scenario),
    accounts: accounts(scenario),
    now: options.now ?? scenario?.now,
    config: options.config ?? defaultConfig,
    scenario,
    persistence,
  });
  let world = createWorld(plan, settingsFor(options.scenario));
  const journal = createJournal({
    clock: () => world.clock(),
    capacity: journalCapacity(admin),
    ignoredPrefixes: [admin.basePath, docsPath],
  });

  const mock: Mock = {
    app: new Hono<MockEnv>(),
    plan,
    adminPlan: admin,
    journal,
    world: () => world,
    loadScenario(scenario) {
      // Stored ids belong to the dataset the data directory was made with.
      if (persistence) {
        throw conflict('scenarios cannot be switched while the mock persists to a data directory');
      }
      world = createWorld(plan, settingsFor(scenario));
      journal.clear();
    },
    close: () => persistence?.close(),
    get tokens() {
      return world.tokens;
    },
  };

  const api = serveDocument({
    plan,
    guard: kiboGuard({ tokens: () => world.tokens, tenant: (id) => world.tenant(id) }),
    handlers: {
      addAccounts: addAccountsHandler(plan.operation('addAccounts')),
      getAccounts: getAccountsHandler(plan.operation('getAccounts')),
      getAccount: getAccountHandler(plan.operation('getAccount')),
      deleteAccount: deleteAccountHandler(plan.operation('deleteAccount')),
      oauthAuthenticateApp: oauthAuthenticateAppHandler(
        plan.operation('oauthAuthenticateApp'),
        () => world.tokens,
      ),
    },
    clock: () => world.clock(),
    simulations: { faults: () => world.faults },
  });
  const adminApi = serveDocument({
    plan: admin,
    guard: adminGuard(options.adminToken),
    handlers: adminHandlers(admin, {
      apiPlan: plan,
      journal,
      world: () => world,
      loadScenario: (scenario) => mock.loadScenario(scenario),
    }),
    clock: () => world.clock(),
  });

  const { app } = mock;
  app.use(corsAndCorrelation(correlationHeader(plan), [admin.basePath, docsPath]));
  app.use(requestLog(options.log));
  app.use(journal.middleware);
  app.get('/openapi.json', (c) => c.json(plan.loaded.source));
  // `/` and the bare API base say where everything is, rather than a 404 to a curious browser.
  const home = landing(plan, admin, options.docsAssets ? docsPath : undefined);
  for (const path of ['/', plan.basePath, `${plan.basePath}/`]) app.get(path, home);
  if (options.docsAssets) {
    const login = () => publicClient(world.config);
    app.route(docsPath, docsRoutes({ api: plan, admin, assets: options.docsAssets, login }));
  }
  app.all(`${admin.basePath}/*`, adminApi);
  app.all('*', api);
  app.onError((error, c) => {
    const known = error instanceof KiboHttpError ? error : unexpected();
    if (!(error instanceof KiboHttpError)) options.log?.(`error: ${error.stack ?? String(error)}`);
    // The media type the operation declares for this error; a path no operation owns gets JSON.
    const operationId = c.get('operationId');
    const owner =
      operationId === undefined
        ? undefined
        : [plan, admin].find((p) => p.operations.some((o) => o.operationId === operationId));
    const declared = owner?.operation(operationId ?? '').response(known.status)?.content;
    return sendJson(c, known.status, known.body, known.headers, Object.keys(declared ?? {})[0]);
  });
  return mock;
}

/** The first client, when its credentials are the embedded default's: public, so a page may hold them. */
function publicClient(config: MockConfig): ClientConfig | undefined {
  const [first] = config.clients;
  const known = defaultConfig.clients.some(
    (client) => client.clientId === first?.clientId && client.clientSecret === first.clientSecret,
  );
  return known ? first : undefined;
}

/** The correlation header Kibo's SDK reads, with the length the document allows it. */
function correlationHeader(plan: ApiPlan) {
  const name = 'x-vol-correlation';
  const maxLength = plan.responseHeader(name)?.maxLength;
  if (maxLength === undefined)
    throw new Error(`The document must declare the ${name} header with a maxLength`);
  return { name, maxLength };
}

/** The most entries the journal keeps: the `maxItems` of getJournal's answer. */
function journalCapacity(admin: ApiPlan): number {
  const items = admin.operation('getJournal').success.schema?.properties?.items;
  const capacity = items && 'maxItems' in items ? items.maxItems : undefined;
  if (capacity === undefined) throw new Error('mock-admin.yaml must bound getJournal items with maxItems');
  return capacity;
}
