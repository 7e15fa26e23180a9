import { Hono } from 'hono';
import { bundledDocument } from '../openapi/bundled-document.ts';
import { relaxedDocument, type AssumptionSettings } from '../openapi/assumption-settings.ts';
import type { LoadedDocument } from '../openapi/loaded-document.ts';
import { planOf, uniqueKeysAt, type ApiPlan } from '../openapi/operation-plan.ts';
import { addAccountsHandler } from './accounts/add-accounts.ts';
import { deleteAccountHandler, getAccountHandler } from './accounts/get-account.ts';
import { getAccountsHandler } from './accounts/get-accounts.ts';
import { adminBoundsOf } from './admin/admin-bounds.ts';
import { adminHandlers } from './admin/admin-handlers.ts';
import { adminGuard } from './auth/admin-guard.ts';
import { defaultConfig, type ClientConfig, type MockConfig } from './auth/config.ts';
import { kiboGuard } from './auth/kibo-guard.ts';
import { defaultPasswordCost, type Scrypt } from './auth/password-hash.ts';
import type { HmacFactory } from './auth/web-crypto.ts';
import { oauthAuthenticateAppHandler } from './auth/oauth-authenticate-app.ts';
import { contactHandlers } from './contacts/contact-handlers.ts';
import { corsAndCorrelation } from './http/cors-and-correlation.ts';
import { documentAsServed } from './http/document-as-served.ts';
import { docsPath, docsRoutes, type DocsAssets } from './http/docs-routes.ts';
import { landing } from './http/landing.ts';
import { conflict, KiboHttpError, unexpected } from './http/error-catalogue.ts';
import type { MockEnv } from './http/mock-env.ts';
import { requestLog, type LogSink } from './http/request-log.ts';
import { errorLimitsOf, fitErrorBody } from './http/error-limits.ts';
import { sendJson } from './http/send-json.ts';
import { serveDocument } from './http/serve-document.ts';
import { createJournal, type Journal } from './journal/journal.ts';
import {
  createMemoryStorage,
  type SharedScenario,
  type Storage,
  type StorageContext,
} from './accounts/storage.ts';
import { changePasswordHandler } from './shoppers/change-password.ts';
import { getLoginStateByHandler } from './shoppers/get-login-state-by.ts';
import { getLoginStateHandler } from './shoppers/get-login-state.ts';
import { resetPasswordHandler } from './shoppers/reset-password.ts';
import { setLoginLockedHandler } from './shoppers/set-login-locked.ts';
import { setPasswordChangeRequiredHandler } from './shoppers/set-password-change-required.ts';
import { updateForgottenPasswordHandler } from './shoppers/update-forgotten-password.ts';
import { getTenantHandler } from './tenants/get-tenant.ts';
import { addAccountHandler } from './accounts/add-account.ts';
import { addAccountAndLoginHandler } from './accounts/add-account-and-login.ts';
import { getCurrentAccountHandler } from './accounts/current-account.ts';
import { updateAccountHandler } from './accounts/update-account.ts';
import { createAnonymousShopperAuthTicketHandler } from './shoppers/anonymous-ticket.ts';
import { ticketIssuer } from './shoppers/issue-ticket.ts';
import { refreshUserAuthTicketHandler } from './shoppers/refresh-ticket.ts';
import { createUserAuthTicketHandler } from './shoppers/sign-in.ts';
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
  readonly openStorage?: (context: StorageContext) => Storage | Promise<Storage>;
  /**
   * Where changes go once they outgrow the memory budget (the Node shell: a SQLite file in the
   * temp folder). Without it, writes past the budget are refused with a message saying so.
   */
  readonly openSpill?: (context: Omit<StorageContext, 'identity' | 'maxRecordBytes'>) => Storage;
  /**
   * What created and changed accounts may weigh in memory before they move to the spill storage
   * (without openStorage). Default 32 MiB: the heap holds them until then, and a process keeps the
   * memory its heap once reached (full-rate Bulk-10: RSS about 275 MB with 64 MiB, 230 MB with 32).
   */
  readonly memoryBudgetBytes?: number;
  /** The most tenants a world serves (each costs a store); one more gets a 403. Default 1000. */
  readonly maxTenants?: number;
  /**
   * log2 of scrypt's N for shoppers' password hashes (default 4: cheap, so Bulk stays fast; the
   * hashes record their cost, so any later cost still verifies them).
   */
  readonly passwordCost?: number;
  /** A native scrypt (the Node shell gives node:crypto's); the portable one by default. */
  readonly scrypt?: Scrypt;
  /**
   * A native HMAC-SHA256 for the journal's digests of every request and answer (the Node shell
   * gives node:crypto's); WebCrypto's by default.
   */
  readonly hmac?: HmacFactory;
  /** Origins whose pages may send credentials (cookies) to the API; others get CORS without them. */
  readonly corsCredentialOrigins?: readonly string[];
  /** Host names the mock is reached by besides loopback ones (the address it listens on). */
  readonly hosts?: readonly string[];
  /** Where the one-line-per-request log goes; silent when omitted. */
  readonly log?: LogSink;
  /**
   * The documents to serve, loaded: the Node shell reads them from files (mock/node); by default
   * the kit's own, bundled as data, so the app builds where there are no files.
   */
  readonly documents?: { readonly api: LoadedDocument; readonly admin: LoadedDocument };
  /** Swagger UI's files: with them the mock serves its API reference at /docs (the Node shell has them). */
  readonly docsAssets?: DocsAssets;
  /**
   * The kit's assumptions to turn off (`false`) or re-limit (a number), by id, to make the mock
   * behave like a team's tenant; merged over a scenario's `assumptions`.
   */
  readonly assumptions?: AssumptionSettings;
}

export const defaults = {
  seed: 1,
  accounts: 250,
  memoryBudgetBytes: 32 * 2 ** 20,
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
  /** Operations the served documents declare that no handler implements: each answers 501. */
  readonly unimplemented: readonly string[];
  /** The current world (tokens, tenants, clock, faults); replaced when a scenario is loaded. */
  world(): World;
  /** Serves another scenario in this process (with a shared store: see switchScenario). */
  loadScenario(scenario: Scenario | undefined): void;
  /**
   * The admin API's switch: loadScenario, and on a store replicas share, the shared changes are
   * wiped and every replica told to load the same scenario.
   */
  switchScenario(scenario: Scenario | undefined): Promise<void>;
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
  const documented = planOf(options.documents?.api ?? bundledDocument('customer-accounts.yaml'));
  const admin = planOf(options.documents?.admin ?? bundledDocument('mock-admin.yaml'));
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
  const persistent = await options.openStorage?.({
    identity: { seed: seed(options.scenario), accounts: accounts(options.scenario) },
    uniqueKeys,
    log,
    maxRecordBytes: maxRecordBytesOf(plan),
  });
  const shared = persistent?.shared;
  const identityOf = (scenario: Scenario | undefined) => ({
    seed: seed(scenario),
    accounts: accounts(scenario),
  });
  let scenarioNow = options.scenario;
  const { openSpill } = options;
  // Without persistent storage each world keeps its changes in memory, then in a spill file.
  const storageFor = (): Storage =>
    persistent ??
    createMemoryStorage({
      budgetBytes: options.memoryBudgetBytes ?? defaults.memoryBudgetBytes,
      ...(openSpill ? { spill: () => openSpill({ uniqueKeys, log }) } : {}),
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
    passwordCost: options.passwordCost ?? defaultPasswordCost,
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    outboxCapacity: bounds.outboxCapacity,
  });
  let worldSettings = settingsFor(options.scenario);
  let world = createWorld(current, worldSettings);
  const journal = createJournal({
    clock: () => world.clock(),
    capacity: bounds.journalCapacity,
    pathLength: bounds.journalPathLength,
    queryLength: bounds.journalQueryLength,
    ignoredPrefixes: [admin.basePath, docsPath],
    ...(options.hmac ? { hmac: options.hmac } : {}),
  });

  const unimplemented = new Set<string>();
  const onUnimplemented = (ids: readonly string[]) => {
    for (const id of ids) unimplemented.add(id);
    options.log?.(
      `warning: the document declares ${ids.join(', ')}, which this mock does not implement: each answers 501`,
    );
  };
  const mock: Mock = {
    app: new Hono<MockEnv>(),
    plan,
    adminPlan: admin,
    journal,
    get unimplemented() {
      return [...unimplemented];
    },
    world: () => world,
    loadScenario(scenario) {
      // Stored ids belong to the dataset the data directory was made with.
      if (persistent && !shared) {
        throw conflict('scenarios cannot be switched while the mock persists to a data directory');
      }
      const wanted = settingsOf(scenario);
      const nextPlan = JSON.stringify(wanted) === JSON.stringify(settings) ? current : planFor(wanted);
      const next = settingsFor(scenario);
      try {
        world = createWorld(nextPlan, next);
      } catch (error) {
        if (next.storage !== persistent) next.storage.close();
        throw error;
      }
      if (nextPlan !== current) {
        settings = wanted;
        current = nextPlan;
        api = serveApi(current);
      }
      if (worldSettings.storage !== persistent) worldSettings.storage.close();
      worldSettings = next;
      scenarioNow = scenario;
      journal.clear();
    },
    async switchScenario(scenario) {
      const before = scenarioNow;
      // Loaded here first: a scenario that cannot make a world is refused before anything is wiped.
      mock.loadScenario(scenario);
      if (!shared) return;
      try {
        await shared.switchTo({ scenario, identity: identityOf(scenario) });
      } catch (error) {
        mock.loadScenario(before);
        throw error;
      }
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
  const serveApi = (served: ApiPlan) => {
    // Sign-in's lockout limit, which a wrong old password counts toward and login states count down from.
    const lockoutAfter = served.operation('createUserAuthTicket').lockoutAfter;
    // One issuer for every operation that answers a ticket (see `tickets`).
    const issuer = tickets(served);
    return serveDocument({
      plan: served,
      guard: kiboGuard({
        tokens: () => world.tokens,
        shoppers: () => world.shoppers,
        tenant: (id) => world.tenant(id),
      }),
      handlers: {
        addAccounts: addAccountsHandler(served.operation('addAccounts'), () => world.passwords),
        getAccounts: getAccountsHandler(served.operation('getAccounts')),
        getAccount: getAccountHandler(served.operation('getAccount')),
        deleteAccount: deleteAccountHandler(served.operation('deleteAccount')),
        oauthAuthenticateApp: oauthAuthenticateAppHandler(
          served.operation('oauthAuthenticateApp'),
          () => world.tokens,
        ),
        getTenant: getTenantHandler(served.operation('getTenant')),
        addAccount: addAccountHandler(served.operation('addAccount'), () => world.passwords),
        addAccountAndLogin: addAccountAndLoginHandler(served.operation('addAccountAndLogin'), {
          passwords: () => world.passwords,
          tickets: issuer,
        }),
        getCurrentAccount: getCurrentAccountHandler(served.operation('getCurrentAccount')),
        updateAccount: updateAccountHandler(served.operation('updateAccount')),
        createUserAuthTicket: createUserAuthTicketHandler(served.operation('createUserAuthTicket'), {
          passwords: () => world.passwords,
          tickets: issuer,
        }),
        refreshUserAuthTicket: refreshUserAuthTicketHandler(served.operation('refreshUserAuthTicket'), {
          tickets: issuer,
        }),
        createAnonymousShopperAuthTicket: createAnonymousShopperAuthTicketHandler(
          served.operation('createAnonymousShopperAuthTicket'),
          { tickets: issuer },
        ),
        ...contactHandlers(served, apiErrorLimits),
        changePassword: changePasswordHandler(served.operation('changePassword'), {
          passwords: () => world.passwords,
          lockoutAfter,
        }),
        resetPassword: resetPasswordHandler(served.operation('resetPassword'), () => world.outbox),
        updateForgottenPassword: updateForgottenPasswordHandler(
          served.operation('updateForgottenPassword'),
          () => world.passwords,
        ),
        getLoginState: getLoginStateHandler(served.operation('getLoginState'), lockoutAfter),
        getLoginStateByEmailAddress: getLoginStateByHandler(
          served.operation('getLoginStateByEmailAddress'),
          'emailAddress',
          lockoutAfter,
        ),
        getLoginStateByUserName: getLoginStateByHandler(
          served.operation('getLoginStateByUserName'),
          'userName',
          lockoutAfter,
        ),
        setLoginLocked: setLoginLockedHandler(served.operation('setLoginLocked')),
        setPasswordChangeRequired: setPasswordChangeRequiredHandler(
          served.operation('setPasswordChangeRequired'),
        ),
      },
      clock: () => world.clock(),
      simulations: { faults: () => world.faults },
      errorLimits: apiErrorLimits,
      onUnimplemented,
    });
  };
  // Every operation answering a ticket answers the same schema: its lifetimes are one rule.
  const tickets = (served: ApiPlan) =>
    ticketIssuer(served.operation('createUserAuthTicket'), {
      shoppers: () => world.shoppers,
      config: () => world.config,
    });
  let api = serveApi(current);
  const adminApi = serveDocument({
    plan: admin,
    guard: adminGuard({ adminToken: options.adminToken, hosts: options.hosts }),
    handlers: adminHandlers(admin, {
      apiPlan: plan,
      journal,
      world: () => world,
      loadScenario: (scenario) => mock.switchScenario(scenario),
    }),
    clock: () => world.clock(),
    onUnimplemented,
  });

  if (shared) {
    // A scenario switched through another replica (or before this one started) is served here too.
    const adopt = ({ scenario, identity }: SharedScenario) => {
      const own = identityOf(scenario);
      if (own.seed !== identity.seed || own.accounts !== identity.accounts) {
        throw new Error(
          `the shared store serves scenario ${scenario?.name ?? 'default'} on the dataset --seed ${identity.seed} --accounts ${identity.accounts}, ` +
            `but this replica would make --seed ${own.seed} --accounts ${own.accounts} of it: start every replica with the same --seed and --accounts`,
        );
      }
      mock.loadScenario(scenario);
    };
    const recorded = await shared.current();
    if (recorded) adopt(recorded);
    shared.onSwitch((next) => {
      try {
        adopt(next);
        log?.(`scenario ${next.scenario?.name ?? 'default'} loaded: another replica switched to it`);
      } catch (error) {
        log?.(`error: could not follow another replica's scenario switch: ${(error as Error).message}`);
      }
    });
  }

  const { app } = mock;
  app.use(
    corsAndCorrelation(
      correlationHeader(documented),
      [admin.basePath, docsPath],
      options.corsCredentialOrigins,
    ),
  );
  app.use(requestLog(options.log));
  app.use(journal.middleware);
  app.get('/openapi.json', (c) => c.json(documentAsServed(plan.loaded.source, new URL(c.req.url).origin)));
  // `/` and the bare API base say where everything is, rather than a 404 to a curious browser.
  const home = landing(plan, admin, options.docsAssets ? docsPath : undefined);
  for (const path of ['/', plan.basePath, `${plan.basePath}/`]) app.get(path, home);
  if (options.docsAssets) {
    const login = () => publicClient(world.config);
    app.route(docsPath, docsRoutes({ api: plan, admin, assets: options.docsAssets, login }));
  }
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

/**
 * A stored account is one item of a Bulk body plus the fields the server assigns (ids, audit
 * info, a zeroed summary), far less than the body limit again: twice the limit bounds any record
 * this mock writes.
 */
function maxRecordBytesOf(plan: ApiPlan): number {
  const limit = plan.operation('addAccounts').body?.maxBytes;
  if (limit === undefined) throw new Error('The document must bound addAccounts bodies (x-max-body-bytes)');
  return 2 * limit;
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
