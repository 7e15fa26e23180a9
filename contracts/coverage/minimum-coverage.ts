import type { CheckResult } from '../check.ts';
import type { Coverage } from './run-coverage.ts';

/**
 * `--min-coverage P` as a check of its own, so a run below it fails like any broken rule (exit 1)
 * and says why in every report: how much it saw, of what, and the threshold.
 */
export function minimumCoverageResult(coverage: Coverage, minimum: number): CheckResult {
  const { seen, declared, percent } = coverage.total;
  const below = percent < minimum;
  return {
    group: 'conformance',
    id: 'conformance.min-coverage',
    title: `The run covers at least ${minimum} % of the declared statuses`,
    rule: `--min-coverage ${minimum}: the (operation, status) pairs the document declares that the run saw answered`,
    status: below ? 'failed' : 'passed',
    violations: below
      ? [
          {
            location: 'coverage',
            message: `the run saw ${percent} % of the declared (operation, status) pairs answered (${seen} of ${declared}), below --min-coverage ${minimum}; the report's Coverage lists what was not seen`,
          },
        ]
      : [],
    durationMs: 0,
    assumptions: [],
  };
}
