import type { Coverage } from './coverage/run-coverage.ts';
import type { Generation, RunContext } from './run-context.ts';

/** The groups of checks, in the order a run executes them (conformance last: it judges them all). */
export const groups = [
  'bulk',
  'response-fields',
  'parameters',
  'auth',
  'bad-input',
  'shoppers',
  'generated',
  'sequences',
  'cleanup',
  'conformance',
] as const;
export type Group = (typeof groups)[number];

/** One broken rule: where (`POST /commerce/customer/accounts/Bulk → 200`) and what. */
export interface Violation {
  readonly location: string;
  readonly message: string;
  /**
   * The id of the kit's assumption the rule is (the document's `x-kit-assumptions`): the target
   * does not share it. Absent: the rule is Kibo's published contract.
   */
  readonly assumption?: string;
}

/** A contract check: plain data plus the function that runs it against a target. */
export interface Check {
  readonly group: Group;
  /** `group.name`, stable: CI dashboards and the Prism list key on it. */
  readonly id: string;
  readonly title: string;
  /** What the document says, in words a CI engineer can look up. */
  readonly rule: string;
  /** The kit's assumptions the check puts to the test: a run that keeps them confirms them. */
  readonly assumptions?: readonly string[];
  /** Resolves to the violations found (none: passed); calls `skip()` when a prerequisite is missing. */
  run(context: RunContext): Promise<readonly Violation[]>;
}

/**
 * `failed`: a violation of Kibo's published contract (or, with `--strict`, of any rule);
 * `differs`: only the kit's assumptions were not kept, which the target need not share.
 */
export type CheckStatus = 'passed' | 'failed' | 'differs' | 'skipped';

export interface CheckResult {
  readonly group: Group;
  readonly id: string;
  readonly title: string;
  readonly rule: string;
  readonly status: CheckStatus;
  readonly violations: readonly Violation[];
  readonly skipReason?: string;
  readonly durationMs: number;
  /** The assumptions the check tests (ids), for the calibration. */
  readonly assumptions: readonly string[];
}

/** What a run learnt about one of the kit's assumptions. */
export interface AssumptionVerdict {
  readonly id: string;
  readonly why: string;
  readonly verdict: 'confirmed' | 'contradicted' | 'no evidence';
  /** What the target did instead (contradicted), or the checks that showed it (confirmed). */
  readonly evidence: readonly string[];
}

/** An account the run created and could not delete again. */
export interface Leftover {
  readonly id: number;
  readonly emailAddress?: string;
  readonly reason: string;
}

export interface RunSummary {
  readonly passed: number;
  readonly failed: number;
  /** Checks that broke only assumptions: not failures unless the run is strict. */
  readonly differs: number;
  readonly skipped: number;
}

export interface RunResult {
  readonly runId: string;
  readonly target: string;
  /** `--strict`: a broken assumption fails its check like a broken contract. */
  readonly strict: boolean;
  readonly checks: readonly CheckResult[];
  readonly leftovers: readonly Leftover[];
  /** Each of the kit's assumptions: confirmed, contradicted (with what happened) or no evidence. */
  readonly calibration: readonly AssumptionVerdict[];
  readonly summary: RunSummary;
  /** Operations × declared statuses × rule kinds the run exercised (absent: the suite did not run). */
  readonly coverage?: Coverage;
  /** The seed and size of the generated cases (`--seed` replays them). */
  readonly generation?: Generation;
}

/** Thrown by `skip()`: the check's prerequisite is missing, so it neither passes nor fails. */
export class SkipCheck extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipCheck';
    this.reason = reason;
  }
}

export function skip(reason: string): never {
  throw new SkipCheck(reason);
}

export function renderViolation(violation: Violation): string {
  const assumption = violation.assumption === undefined ? '' : ` [assumption ${violation.assumption}]`;
  return `${violation.location}: ${violation.message}${assumption}`;
}
