import { Hono } from 'hono';
import { loadDocument, type LoadedDocument } from '../openapi/load-document.ts';
import { allBehaviors } from '../openapi/rules.ts';
import { createTenantStore, type TenantStore } from './account-store.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import { defaultConfig, type MockConfig } from './config.ts';
import { createDataset } from './dataset.ts';
import { KiboHttpError, kiboError } from './errors.ts';
import { fallbackRoutes } from './fallback-routes.ts';
import { operationRoute } from './operation-route.ts';
import { addAccountsHandler } from './operations/add-accounts.ts';
import { deleteAccountHandler, getAccountHandler } from './operations/get-account.ts';
import { getAccountsHandler } from './operations/get-accounts.ts';
import { oauthAuthenticateAppHandler } from './operations/oauth-authenticate-app.ts';
import type { OperationHandler } from './operations/operation-context.ts';
import { compileRequestValidators } from './request-validator.ts';
import { requestLog, type LogSink } from './request-log.ts';
import { createTokenService, type TokenService } from './token-service.ts';
import { corsAndCorrelation } from './cors-and-correlation.ts';

export interface MockOptions {
  /** Seed of the generated dataset; account i depends only on (seed, tenant, i). Default 1. */
  readonly seed?: number;
  /** Generated accounts per tenant. Default 250. */
  readonly accounts?: number;
  /** A fixed clock (ISO 8601): every response becomes byte-identical run to run. */
  readonly now?: string;
  readonly config?: MockConfig;
  /** Where the one-line-per-request log goes; silent when omitted. */
  readonly log?: LogSink;
}

export const defaults = { seed: 1, accounts: 250 } as const;

/** Everything an app is made of, for the server, the CLI and tests that need to look inside. */
export interface Mock {
  readonly app: Hono;
  readonly loaded: LoadedDocument;
  readonly tokens: TokenService;
  readonly clock: Clock;
}

/** Builds the Hono app from the document: one route per operation. Listens on nothing. */
export async function createMock(options: MockOptions = {}): Promise<Mock> {
  const loaded = await loadDocument();
  const clock = options.now === undefined ? systemClock : fixedClock(options.now);
  const config = options.config ?? defaultConfig;
  const tokens = createTokenService(config, allBehaviors(loaded), clock);
  const validators = compileRequestValidators(loaded);
  const seed = options.seed ?? defaults.seed;
  const size = options.accounts ?? defaults.accounts;
  // The dataset's "now" is fixed when the app starts, so generated dates do not drift during a run.
  const startedAt = clock();
  const stores = new Map<number, TenantStore>();
  const tenant = (tenantId: number) => {
    let store = stores.get(tenantId);
    if (!store) {
      store = createTenantStore(
        tenantId,
        createDataset({ seed: mixSeed(seed, tenantId), size, now: startedAt }),
      );
      stores.set(tenantId, store);
    }
    return store;
  };

  const handlers: Record<string, OperationHandler> = {
    addAccounts: addAccountsHandler(loaded.operation('addAccounts')),
    getAccounts: getAccountsHandler(loaded, loaded.operation('getAccounts')),
    getAccount: getAccountHandler,
    deleteAccount: deleteAccountHandler,
    oauthAuthenticateApp: oauthAuthenticateAppHandler(tokens),
  };

  const app = new Hono();
  app.use(corsAndCorrelation());
  app.use(requestLog(options.log));
  app.get('/openapi.json', (c) => c.json(loaded.source));
  for (const entry of loaded.operations) {
    const handler = handlers[entry.operationId];
    if (!handler)
      throw new Error(`The document declares ${entry.operationId}, which the mock does not implement`);
    const validator = validators.get(entry.operationId);
    if (!validator) throw new Error(`No validator was compiled for ${entry.operationId}`);
    const route = operationRoute(entry, { loaded, validator, handler, tokens, tenant, now: clock });
    app.on(entry.method.toUpperCase(), `/api${entry.path.replace(/\{(\w+)\}/g, ':$1')}`, route);
  }
  fallbackRoutes(app, loaded);
  app.onError((error, c) => {
    const known =
      error instanceof KiboHttpError
        ? error
        : kiboError(500, 'UNEXPECTED_ERROR', 'Unexpected error: the request could not be completed');
    if (!(error instanceof KiboHttpError)) options.log?.(`error: ${error.stack ?? String(error)}`);
    return c.json(known.body, known.status as 500, known.headers);
  });
  return { app, loaded, tokens, clock };
}

/** The app alone, as tests with `app.request()` want it. */
export async function createApp(options: MockOptions = {}): Promise<Hono> {
  return (await createMock(options)).app;
}

/** Each tenant gets its own people from the same seed (FNV-1a over both numbers). */
function mixSeed(seed: number, tenantId: number): number {
  let hash = 0x811c9dc5;
  for (const byte of `${seed}:${tenantId}`) hash = Math.imul(hash ^ byte.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}
