// The package's contract-suite entry (`kibo-accounts-mock/contracts`): run the checks from code
// against any target, and render the result as the CLI does.
export { runChecks, type RunChecksOptions } from './run-checks.ts';
export { formatReport, summaryLine } from './format-report.ts';
export { junitReport } from './junit-report.ts';
export { groups, type CheckResult, type Group, type RunResult, type Violation } from './check.ts';
export type { Target } from '../client/target.ts';
// The CLI's steps, for a test setup that wants them without a child process: the preflight
// before a run, and the validating proxy around a frontend's end-to-end tests.
export { preflight, type PreflightOutcome } from './preflight.ts';
export { startProxy, type ProxyOptions, type RunningProxy } from './proxy/start-proxy.ts';
export { exitCodes } from './exit-codes.ts';
