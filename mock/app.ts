import { Hono } from 'hono';
import { loadDocument, type LoadedDocument } from '../openapi/load-document.ts';
import { adminRoutes } from './admin/admin-routes.ts';
import { defaultConfig, type MockConfig } from './auth/config.ts';
import { corsAndCorrelation } from './http/cors-and-correlation.ts';
import { KiboHttpError, kiboError } from './http/errors.ts';
import { methodNotAllowed } from './http/fallback-routes.ts';
import { createJournal, type Journal } from './journal/journal.ts';
import type { MockEnv } from './http/mock-env.ts';
import { operationRoute } from './http/operation-route.ts';
import { addAccountsHandler } from './accounts/add-accounts.ts';
import { deleteAccountHandler, getAccountHandler } from './accounts/get-account.ts';
import { getAccountsHandler } from './accounts/get-accounts.ts';
import { oauthAuthenticateAppHandler } from './auth/oauth-authenticate-app.ts';
import type { OperationHandler } from './http/operation-context.ts';
import { compileRequestValidators } from './http/request-validator.ts';
import { requestLog, type LogSink } from './http/request-log.ts';
import { sendJson } from './http/send-json.ts';
import { openSqlitePersistence } from './persistence/sqlite-persistence.ts';
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
  /** Keep created and deleted accounts across restarts in this folder (SQLite). */
  readonly dataDir?: string;
  /** Where the one-line-per-request log goes; silent when omitted. */
  readonly log?: LogSink;
}

export const defaults = { seed: 1, accounts: 250 } as const;

/** Everything an app is made of, for the server, the CLI and tests that need to look inside. */
export interface Mock {
  readonly app: Hono<MockEnv>;
  readonly loaded: LoadedDocument;
  readonly journal: Journal;
  /** The current world (tokens, tenants, clock, faults); replaced when a scenario is loaded. */
  world(): World;
  loadScenario(scenario: Scenario | undefined): void;
  /** Shortcut for tests: the current world's token service. */
  readonly tokens: World['tokens'];
  /** Releases the data directory, if any. */
  close(): void;
}

/** Builds the Hono app from the document: one route per operation. Listens on nothing. */
export async function createMock(options: MockOptions = {}): Promise<Mock> {
  const loaded = await loadDocument();
  const validators = compileRequestValidators(loaded);
  const seed = (scenario: Scenario | undefined) => options.seed ?? scenario?.seed ?? defaults.seed;
  const accounts = (scenario: Scenario | undefined) =>
    options.accounts ?? scenario?.accounts ?? defaults.accounts;
  const persistence =
    options.dataDir === undefined
      ? undefined
      : openSqlitePersistence(options.dataDir, {
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
  let world = createWorld(loaded, settingsFor(options.scenario));
  const journal = createJournal(() => world.clock());

  const handlers: Record<string, OperationHandler> = {
    addAccounts: addAccountsHandler(loaded.operation('addAccounts')),
    getAccounts: getAccountsHandler(loaded, loaded.operation('getAccounts')),
    getAccount: getAccountHandler,
    deleteAccount: deleteAccountHandler,
    oauthAuthenticateApp: oauthAuthenticateAppHandler(() => world.tokens),
  };

  const mock: Mock = {
    app: new Hono<MockEnv>(),
    loaded,
    journal,
    world: () => world,
    loadScenario(scenario) {
      // Stored ids belong to the dataset the data directory was made with.
      if (persistence) {
        throw kiboError(
          409,
          'VALIDATION_CONFLICT',
          'Validation conflict: scenarios cannot be switched while the mock persists to a data directory',
        );
      }
      world = createWorld(loaded, settingsFor(scenario));
      journal.clear();
    },
    close: () => persistence?.close(),
    get tokens() {
      return world.tokens;
    },
  };

  const { app } = mock;
  app.use(corsAndCorrelation());
  app.use(requestLog(options.log));
  app.use(journal.middleware);
  app.get('/openapi.json', (c) => c.json(loaded.source));
  app.route('/__mock', await adminRoutes(mock, options.adminToken));
  const fallback = methodNotAllowed(loaded);
  // Literal paths first: Hono takes the first route that matches, and …/Bulk also fits …/{accountId}.
  const paths = [...new Set(loaded.operations.map((entry) => entry.path))].sort(
    (a, b) => Number(a.includes('{')) - Number(b.includes('{')),
  );
  for (const path of paths) {
    const route = `/api${path.replace(/\{(\w+)\}/g, ':$1')}`;
    for (const entry of loaded.operations.filter((e) => e.path === path)) {
      const handler = handlers[entry.operationId];
      if (!handler)
        throw new Error(`The document declares ${entry.operationId}, which the mock does not implement`);
      const validator = validators.get(entry.operationId);
      if (!validator) throw new Error(`No validator was compiled for ${entry.operationId}`);
      app.on(
        entry.method.toUpperCase(),
        route,
        operationRoute(entry, { loaded, validator, handler, world: () => world }),
      );
    }
    app.all(route, fallback);
  }
  app.all('*', fallback);
  app.onError((error, c) => {
    const known =
      error instanceof KiboHttpError
        ? error
        : kiboError(500, 'UNEXPECTED_ERROR', 'Unexpected error: the request could not be completed');
    if (!(error instanceof KiboHttpError)) options.log?.(`error: ${error.stack ?? String(error)}`);
    return sendJson(c, known.status, known.body, known.headers);
  });
  return mock;
}
