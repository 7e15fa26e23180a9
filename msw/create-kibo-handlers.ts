import { http, type HttpHandler } from 'msw';
import { createMock, type Mock, type MockOptions } from '../mock/app.ts';
import type { JournalEntry, JournalFilter } from '../mock/journal/journal.ts';
import { parseScenario, type Scenario } from '../mock/world/scenarios/scenario.ts';
import { shippedScenarios } from '../mock/world/scenarios/shipped-scenarios.ts';
import { bundledDocument } from '../openapi/bundled-document.ts';
import { planOf } from '../openapi/operation-plan.ts';
import { kiboUrlRouter } from './kibo-url-router.ts';

export interface KiboHandlersOptions extends Pick<
  MockOptions,
  'seed' | 'accounts' | 'now' | 'config' | 'adminToken' | 'log'
> {
  /** A scenario, or the name of a shipped one (`empty-tenant`, `slow-and-flaky`, …). */
  readonly scenario?: Scenario | string;
  /**
   * API bases to answer besides Kibo's own hosts, as a project's code calls them:
   * `http://localhost:4010/api`, or `/kibo/api` (relative to the page in a browser).
   */
  readonly baseUrl?: string | readonly string[];
  /**
   * Also answer Kibo's hosts (`https://t{tenant}….mozu.com/api`, `….kibocommerce.com/api`, the
   * home pods), on any environment label; default true.
   */
  readonly kiboHosts?: boolean;
}

/** The in-memory journal of a handler set, for assertions on what the code under test called. */
export interface HandlersJournal {
  entries(filter?: JournalFilter): Promise<JournalEntry[]>;
  calls(operationId: string, filter?: Omit<JournalFilter, 'operationId'>): Promise<JournalEntry[]>;
  clear(): Promise<void>;
}

export interface KiboHandlers {
  /** msw request handlers: `setupServer(...handlers)` in Node, `setupWorker(...handlers)` in a page. */
  readonly handlers: HttpHandler[];
  /** A fresh mock (the scenario's accounts, no tokens, an empty journal): call it between tests. */
  reset(): Promise<void>;
  readonly journal: HandlersJournal;
  /** The mock behind the handlers, for tests that look inside (its plan, tokens, world). */
  mock(): Promise<Mock>;
}

/**
 * msw handlers answered by the mock itself: the same app the server runs, built from the bundled
 * document, each intercepted Request handed to its fetch. Nothing listens; the state lives in
 * this handler set, in memory, until `reset()`.
 */
export function createKiboHandlers(options: KiboHandlersOptions = {}): KiboHandlers {
  const api = planOf(bundledDocument('customer-accounts.yaml'));
  const admin = planOf(bundledDocument('mock-admin.yaml'));
  const scenario = typeof options.scenario === 'string' ? shipped(options.scenario, api) : options.scenario;
  const { baseUrl, kiboHosts, ...mockOptions } = options;
  const build = () =>
    createMock({ ...mockOptions, scenario, documents: { api: api.loaded, admin: admin.loaded } });
  let current = build();
  // In a page, a relative base URL is relative to it; Node has no location.
  const here = (globalThis as { location?: { href: string } }).location?.href;
  const bases = (typeof baseUrl === 'string' ? [baseUrl] : (baseUrl ?? [])).map(
    (base) => new URL(base, here),
  );
  const route = kiboUrlRouter(api, admin, bases, kiboHosts ?? true);

  const handler = http.all(
    ({ request }) => {
      const path = route(new URL(request.url));
      return path === undefined ? false : { matches: true, params: { mockPath: path } };
    },
    async ({ request, params }) => {
      const mock = await current;
      const url = new URL(request.url);
      const path = String(params.mockPath);
      if (path === url.pathname) return mock.app.fetch(request);
      url.pathname = path;
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      return mock.app.fetch(
        new Request(url, {
          method: request.method,
          headers: request.headers,
          ...(hasBody ? { body: await request.arrayBuffer() } : {}),
        }),
      );
    },
  );

  return {
    handlers: [handler],
    async reset() {
      (await current.catch(() => undefined))?.close();
      current = build();
      await current;
    },
    journal: {
      entries: async (filter) => (await current).journal.list(filter),
      calls: async (operationId, filter = {}) => (await current).journal.list({ ...filter, operationId }),
      clear: async () => (await current).journal.clear(),
    },
    mock: () => current,
  };
}

function shipped(name: string, api: ReturnType<typeof planOf>): Scenario {
  const found = shippedScenarios().get(name);
  if (!found)
    throw new Error(`no shipped scenario "${name}"; shipped: ${[...shippedScenarios().keys()].join(', ')}`);
  return parseScenario(found.text, found.file, api);
}
