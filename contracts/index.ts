// The package's contract-suite entry (`kibo-accounts-mock/contracts`): run the checks from code
// against any target, and render the result as the CLI does.
export { runChecks, type RunChecksOptions } from './run-checks.ts';
export { formatReport, summaryLine } from './format-report.ts';
export { junitReport } from './junit-report.ts';
export { groups, type CheckResult, type Group, type RunResult, type Violation } from './check.ts';
export type { Target } from '../client/target.ts';
