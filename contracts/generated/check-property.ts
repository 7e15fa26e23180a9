import fc from 'fast-check';
import type { Exchange } from '../../client/http-client.ts';
import type { Violation } from '../check.ts';
import type { RunContext } from '../run-context.ts';
import { curlCommand } from './curl-command.ts';

/** What one case found: its violations and the exchange to reproduce (none: the case was not sent). */
export type CaseOutcome =
  { readonly discard: true } | { readonly violations: readonly Violation[]; readonly exchange: Exchange };

/** Shrinking candidates tried against the target after the first failure, at most. */
const shrinkBudget = 100;

export interface PropertySettings {
  readonly seed: number;
  readonly numRuns: number;
}

/**
 * Runs `examine` on `numRuns` cases drawn from `arbitrary` with fast-check, seeded; on the first
 * failing case fast-check shrinks it (each step a real request) to a minimal one, whose violations
 * come back with the reproducer: the seed and the request as a curl command, secrets redacted.
 * A case that throws fails the property with its error.
 */
export async function checkProperty<T>(
  context: RunContext,
  arbitrary: fc.Arbitrary<T>,
  examine: (value: T) => Promise<CaseOutcome>,
  settings: PropertySettings,
): Promise<Violation[]> {
  // fast-check's last failing run is the shrunk counterexample.
  let failing: { violations: readonly Violation[]; exchange: Exchange } | undefined;
  let failedOnce = false;
  let shrinkSteps = 0;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    // Each shrinking step is a real request (or a few): past the budget, candidates are not sent
    // and count as passing, so the smallest failing case found so far is the one reported.
    if (failedOnce && ++shrinkSteps > shrinkBudget) return true;
    let outcome: CaseOutcome;
    try {
      outcome = await examine(value);
    } catch (error) {
      // A case that could not be sent (no shopper, no answer) shrinks within the same budget.
      failedOnce = true;
      throw error;
    }
    fc.pre(!('discard' in outcome));
    if ('discard' in outcome || outcome.violations.length === 0) return true;
    failing = outcome;
    failedOnce = true;
    return false;
  });
  const details = await fc.check(property, { seed: settings.seed, numRuns: settings.numRuns });
  if (!details.failed) return [];
  if (failing === undefined) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : 'gave up';
    return [{ location: 'generated', message: `could not complete (seed ${settings.seed}): ${error}` }];
  }
  const { exchange, violations } = failing;
  const reproduce = exchange.request
    ? ` — reproduce (seed ${settings.seed}, shrunk ${Math.min(details.numShrinks, shrinkBudget)} times): ${curlCommand(exchange.method, exchange.request, context.redactor)}`
    : ` (seed ${settings.seed})`;
  return violations.map((violation, i) =>
    i === 0 ? { ...violation, message: `${violation.message}${reproduce}` } : violation,
  );
}
