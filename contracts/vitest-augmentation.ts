import type { CheckResult, Leftover } from './check.ts';
import type { Settings } from './settings.ts';

declare module 'vitest' {
  // The CLI hands the run's settings to the spec file with `provide` (no secret in argv or env).
  interface ProvidedContext {
    contractSettings: Settings;
  }
  // Each test carries its check's result to the reporter in the main process (task meta crosses
  // the worker boundary), so the report is built from data, not from parsed error text.
  interface TaskMeta {
    contract?: CheckResult;
    contractRunId?: string;
    contractLeftovers?: readonly Leftover[];
  }
}

export {};
