import { loadPlan } from '../../openapi/load-plan.ts';
import type { Mock } from '../app.ts';
import type { IssueOptions } from '../auth/token-service.ts';
import { journalClient, type JournalClient } from '../journal/journal-client.ts';
import { loadScenarioFile, resolveScenarioFile } from '../world/scenarios/scenario-file.ts';
import type { Scenario } from '../world/scenarios/scenario.ts';
import { startServer, type ServerOptions } from './server.ts';

export interface MockServerOptions extends Omit<ServerOptions, 'scenario'> {
  /** A scenario, a scenario file, or the name of a shipped one (`empty-tenant`, `slow-and-flaky`). */
  readonly scenario?: Scenario | string;
}

/** A mock listening in this process, for a test runner's global setup. */
export interface MockServer {
  /** The origin, `http://127.0.0.1:PORT`: the auth URL of Kibo clients. */
  readonly url: string;
  /** The API base, `${url}/api`: the base URL of Kibo clients. */
  readonly baseUrl: string;
  /** The request journal, for assertions on what a page called. */
  readonly journal: JournalClient;
  /** A token the mock accepts, minted directly (the first configured client by default). */
  token(clientId?: string, options?: IssueOptions): Promise<string>;
  /** Back to the scenario's first state: created accounts, tokens and the journal are forgotten. */
  reset(): void;
  readonly mock: Mock;
  close(): Promise<void>;
}

/**
 * Starts the mock on a free loopback port (port 0 unless `port` says otherwise) and resolves once
 * it listens. Close it in the teardown; every test file can have its own.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const scenario =
    typeof options.scenario === 'string'
      ? loadScenarioFile(resolveScenarioFile(options.scenario), await loadPlan(options.document))
      : options.scenario;
  const server = await startServer({ port: 0, ...options, scenario });
  const { mock } = server;
  return {
    url: server.url,
    baseUrl: `${server.url}${mock.plan.basePath}`,
    journal: journalClient(
      server.url,
      options.adminToken === undefined ? {} : { adminToken: options.adminToken },
    ),
    token: (clientId, issue) =>
      mock.tokens.issue(clientId ?? mock.world().config.clients[0]?.clientId ?? '', issue),
    reset: () => mock.loadScenario(scenario),
    mock,
    close: () => server.close(),
  };
}
