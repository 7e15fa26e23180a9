import type { RunContext } from './run-context.ts';

/** The groups of checks, in the order a run executes them (conformance last: it judges them all). */
export const groups = ['bulk', 'response-fields', 'auth', 'bad-input', 'cleanup', 'conformance'] as const;
export type Group = (typeof groups)[number];

/** One broken rule: where (`POST /commerce/customer/accounts/Bulk → 200`) and what. */
export interface Violation {
  readonly location: string;
  readonly message: string;
}

/** A contract check: plain data plus the function that runs it against a target. */
export interface Check {
  readonly group: Group;
  /** `group.name`, stable: CI dashboards and the Prism list key on it. */
  readonly id: string;
  readonly title: string;
  /** What the document says, in words a CI engineer can look up. */
  readonly rule: string;
  /** Resolves to the violations found (none: passed); calls `skip()` when a prerequisite is missing. */
  run(context: RunContext): Promise<readonly Violation[]>;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  readonly group: Group;
  readonly id: string;
  readonly title: string;
  readonly rule: string;
  readonly status: CheckStatus;
  readonly violations: readonly Violation[];
  readonly skipReason?: string;
  readonly durationMs: number;
}

/** An account the run created and could not delete again. */
export interface Leftover {
  readonly id: number;
  readonly emailAddress?: string;
  readonly reason: string;
}

export interface RunResult {
  readonly runId: string;
  readonly target: string;
  readonly checks: readonly CheckResult[];
  readonly leftovers: readonly Leftover[];
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number };
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
  return `${violation.location}: ${violation.message}`;
}
