// The package's Node entry (`import … from 'kibo-accounts-mock'`): the mock in a test runner's
// process, on a socket or not, and what a test reads back from it.
export { startMockServer, type MockServer, type MockServerOptions } from './start-mock-server.ts';
export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { createNodeMock, type NodeMockOptions } from './create-node-mock.ts';
export { createMock, defaults, type Mock, type MockOptions } from '../app.ts';
export { journalClient, type JournalClient, type JournalClientOptions } from '../journal/journal-client.ts';
export type { JournalEntry, JournalFilter } from '../journal/journal.ts';
export { loadScenarioFile, resolveScenarioFile } from '../world/scenarios/scenario-file.ts';
export { parseScenario, type Scenario } from '../world/scenarios/scenario.ts';
export { defaultConfig, type ClientConfig, type MockConfig } from '../auth/config.ts';
export { loadConfigFile } from '../auth/config-file.ts';
