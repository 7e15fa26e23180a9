import type { RunContext } from '../run-context.ts';

/** `valid` for an accepted case, else the kind of rule a refused case broke. */
export type ExercisedKind = string;

// Keyed by the run, so runs in one process (tests) never mix, and nothing outlives its run.
const byRun = new WeakMap<RunContext, Map<string, Set<ExercisedKind>>>();

/** Notes that a generated case of `kind` reached the target for an operation. */
export function noteExercised(context: RunContext, operationId: string, kind: ExercisedKind): void {
  let run = byRun.get(context);
  if (!run) byRun.set(context, (run = new Map<string, Set<ExercisedKind>>()));
  let kinds = run.get(operationId);
  if (!kinds) run.set(operationId, (kinds = new Set<ExercisedKind>()));
  kinds.add(kind);
}

/** The kinds of generated case each operation was sent in this run. */
export function exercisedKinds(context: RunContext): ReadonlyMap<string, ReadonlySet<ExercisedKind>> {
  return byRun.get(context) ?? new Map();
}
