import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import type { Assumption } from '../openapi/assumption-marks.ts';
import { groups, type CheckResult, type Leftover, type RunResult } from './check.ts';
import { runResult } from './verdicts.ts';
import { createRedactor } from '../client/redactor.ts';
import type { Target } from '../client/target.ts';
import { targetSecrets } from '../client/target.ts';
import './vitest-augmentation.ts';

export interface CollectedRun {
  readonly result: RunResult;
  /** What kept the suite from running: a crash in setup, an unhandled error, a timeout. */
  readonly errors: readonly string[];
}

/**
 * A vitest reporter that prints nothing: it collects each test's check result from its meta, so
 * the CLI can print the report, write JSON and pick the exit code from data.
 */
export function createContractReporter(
  target: Target,
  strict: boolean,
  assumptions: readonly Assumption[],
): {
  reporter: Reporter;
  collected: () => CollectedRun | undefined;
} {
  const redactor = createRedactor(targetSecrets(target));
  let collected: CollectedRun | undefined;
  const reporter: Reporter = {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
      const checks: CheckResult[] = [];
      const errors: string[] = unhandledErrors.map((error) => redactor.redact(`unhandled: ${error.message}`));
      let runId = 'unknown';
      let leftovers: readonly Leftover[] = [];
      for (const module of testModules) {
        errors.push(
          ...module.errors().map((error) => redactor.redact(`${module.moduleId}: ${error.message}`)),
        );
        for (const testCase of module.children.allTests()) {
          const meta = testCase.meta();
          runId = meta.contractRunId ?? runId;
          leftovers = meta.contractLeftovers ?? leftovers;
          if (meta.contract) {
            checks.push(meta.contract);
            continue;
          }
          // No result: the test died before its check returned (a timeout, a crash in setup).
          const state = testCase.result();
          const messages =
            state.state === 'failed' ? state.errors.map((error) => error.message) : ['did not run'];
          const [id = testCase.name, title = ''] = testCase.name.split(': ');
          checks.push({
            group: groups.find((group) => id.startsWith(`${group}.`)) ?? 'conformance',
            id,
            title,
            rule: '',
            status: 'failed',
            violations: messages.map((message) => ({ location: id, message: redactor.redact(message) })),
            durationMs: testCase.diagnostic()?.duration ?? 0,
            assumptions: [],
          });
        }
      }
      collected = {
        result: runResult({ runId, target: target.baseUrl, strict, checks, leftovers, assumptions }),
        errors,
      };
    },
  };
  return { reporter, collected: () => collected };
}
