import type { LoadResult } from './load-run.ts';
import type { Machine } from './machine.ts';
import type { PlanName, TargetId, WorkloadId } from './plans.ts';
import type { ProfileSummary } from './cpu-profile-summary.ts';
import type { ReplicaFigures } from './postgres-replicas.ts';

/**
 * A target × workload: the figures of its best round (the least disturbed by anything else on the
 * machine), but failures (errors, timeouts, non-2xx) summed over every round, so none is hidden.
 */
export interface WorkloadResult extends LoadResult {
  readonly target: TargetId;
  readonly workload: WorkloadId;
  /** Accounts per request, for Bulk. */
  readonly items?: number;
  /** 2xx/s of every round, in order. */
  readonly roundsOkPerSecond: readonly number[];
}

/** One server process: which workloads it served, how fast it started, how much memory it took. */
export interface ServerRun {
  readonly target: TargetId;
  readonly role: string;
  readonly workloads: readonly WorkloadId[];
  readonly startupMs: number;
  readonly peakRssBytes: number | undefined;
}

export type Status = 'met' | 'not met' | 'not measured';

/** A figure the issue asks for; with a target, it also says whether the target is met. */
export interface Finding {
  readonly id: string;
  readonly title: string;
  readonly definition: string;
  readonly value: number | undefined;
  readonly unit: '×' | 'ms' | 'MB';
  readonly target?: { readonly comparison: '≥' | '≤'; readonly value: number };
  readonly status?: Status;
  readonly note?: string;
}

export interface BenchReport {
  readonly command: string;
  readonly plan: PlanName;
  /** Turns each target took per workload; the best counts. */
  readonly rounds: number;
  readonly startedAt: string;
  readonly seconds: number;
  readonly git: { readonly commit: string; readonly dirty: boolean } | undefined;
  readonly machine: Machine;
  /** Share of the machine's CPU other processes used during the run (see cpu-contention.ts). */
  readonly otherCpuShare?: number;
  readonly settings: {
    readonly connections: number;
    readonly datasetSize: number;
    readonly deepStartIndex: number;
    readonly pageSize: number;
    /** The small page's size (`page-20`); old reports have none. */
    readonly smallPageSize?: number;
    readonly loadGenerator: string;
    /** The Node options the mock ran with: `npm start`'s. */
    readonly mockNodeOptions: readonly string[];
    readonly prism: string;
    /** The other peers, name and version (old reports have none). */
    readonly peers?: readonly string[];
  };
  readonly titles: Readonly<Record<WorkloadId, string>>;
  readonly servers: readonly ServerRun[];
  readonly results: readonly WorkloadResult[];
  readonly findings: readonly Finding[];
  readonly profile?: ProfileSummary;
  /** Bulk-10 with the changes in PostgreSQL (--store), one and two replicas. */
  readonly replicas?: ReplicaFigures;
}
