/** The servers compared: the physical limit, ours, and the peers (bench/peers/) serving our document. */
export type TargetId = 'ceiling' | 'mock' | 'prism-static' | 'prism-dynamic' | PeerId;
/** Spec-driven mocks other than Prism, each started by its module in bench/peers/. */
export type PeerId = 'scalar' | 'mockoon';
export type WorkloadId = 'bulk-10' | 'bulk-1000' | 'page-20' | 'page-first' | 'page-deep' | 'get-account';
export type PlanName = 'full' | 'quick' | 'smoke';

/** How long one target × workload is loaded: by time, or (smoke) by a fixed number of requests. */
export interface LoadBudget {
  readonly warmupSeconds: number;
  /** Measured seconds in all, split evenly over the plan's rounds. */
  readonly seconds: number;
  /** When set, the run stops after this many requests instead of after `seconds`. */
  readonly requests?: number;
}

export interface BenchPlan {
  readonly name: PlanName;
  readonly connections: number;
  /**
   * The targets of a workload take turns, this many times each; the best round counts. On a shared
   * machine a burst of someone else's work then hits one round of one target, not a whole figure.
   */
  readonly rounds: number;
  /**
   * A round during which other processes took more than `maxOtherCpuShare` of the machine is run
   * again, as long as `retrySeconds` (for the whole run) last: bounded, so a busy machine slows
   * the benchmark down by a known amount at most.
   */
  readonly maxOtherCpuShare: number;
  readonly retrySeconds: number;
  /** Generated accounts of every mock process (`--accounts`). */
  readonly datasetSize: number;
  /** Where the deep page starts: near the end of the dataset. */
  readonly deepStartIndex: number;
  readonly pageSize: number;
  /** The small page (`page-20`), from 0: what a storefront's account list asks for. */
  readonly smallPageSize: number;
  /** Which workloads each target runs; a target without any is not started. */
  readonly workloads: Readonly<Record<TargetId, readonly WorkloadId[]>>;
  readonly budget: Readonly<Record<WorkloadId, LoadBudget>>;
  /** A target that needs longer than the workload's budget (a slow peer answers in seconds). */
  readonly targetBudget?: Readonly<Partial<Record<TargetId, LoadBudget>>>;
  /** Seconds of Bulk-10 under `node --cpu-prof` after the measured runs; 0 for none. */
  readonly profileSeconds: number;
}

export const allWorkloads: readonly WorkloadId[] = [
  'bulk-10',
  'bulk-1000',
  'page-20',
  'page-first',
  'page-deep',
  'get-account',
];

const dataset = {
  datasetSize: 1_000_000,
  deepStartIndex: 999_000,
  pageSize: 200,
  smallPageSize: 20,
} as const;

function uniform(budget: LoadBudget): Record<WorkloadId, LoadBudget> {
  return Object.fromEntries(allWorkloads.map((id) => [id, budget])) as Record<WorkloadId, LoadBudget>;
}

/*
 * Ten connections, as the peer figures of reference/peers.md were measured. The mock keeps every
 * created account in memory, so Bulk runs are bounded by time like the rest (10 s of Bulk-10 adds a
 * few hundred thousand accounts, which the mock must carry anyway).
 */
export const plans: Readonly<Record<PlanName, BenchPlan>> = {
  full: {
    name: 'full',
    connections: 10,
    rounds: 3,
    maxOtherCpuShare: 0.1,
    retrySeconds: 120,
    ...dataset,
    workloads: {
      ceiling: allWorkloads,
      mock: allWorkloads,
      'prism-static': allWorkloads,
      'prism-dynamic': allWorkloads,
      scalar: allWorkloads,
      mockoon: allWorkloads,
    },
    budget: uniform({ warmupSeconds: 3, seconds: 12 }),
    // Prism's dynamic answers take up to seconds: longer rounds keep the requests cut off at the
    // end of a round (at most one per connection) a small share of its count.
    targetBudget: { 'prism-dynamic': { warmupSeconds: 3, seconds: 24 } },
    profileSeconds: 10,
  },
  // About four minutes: every ratio of the issue, each from one short round; Prism's dynamic mode
  // only on Bulk-10, for longer than the rest, as it can take seconds per answer.
  quick: {
    name: 'quick',
    connections: 10,
    rounds: 1,
    maxOtherCpuShare: 0.1,
    retrySeconds: 6,
    ...dataset,
    workloads: {
      ceiling: allWorkloads,
      mock: allWorkloads,
      'prism-static': allWorkloads,
      'prism-dynamic': ['bulk-10'],
      scalar: allWorkloads,
      mockoon: allWorkloads,
    },
    budget: uniform({ warmupSeconds: 0.5, seconds: 2 }),
    targetBudget: {
      'prism-static': { warmupSeconds: 1, seconds: 4 },
      'prism-dynamic': { warmupSeconds: 1, seconds: 4 },
    },
    profileSeconds: 0,
  },
  // For `npm test`: a few hundred requests, to prove the harness works; the figures mean nothing.
  smoke: {
    name: 'smoke',
    connections: 4,
    rounds: 1,
    maxOtherCpuShare: 1,
    retrySeconds: 0,
    ...dataset,
    workloads: {
      ceiling: ['bulk-10'],
      mock: allWorkloads,
      'prism-static': [],
      'prism-dynamic': [],
      scalar: [],
      mockoon: [],
    },
    budget: {
      'bulk-10': { warmupSeconds: 0, seconds: 5, requests: 100 },
      'bulk-1000': { warmupSeconds: 0, seconds: 5, requests: 8 },
      'page-20': { warmupSeconds: 0, seconds: 5, requests: 40 },
      'page-first': { warmupSeconds: 0, seconds: 5, requests: 40 },
      'page-deep': { warmupSeconds: 0, seconds: 5, requests: 40 },
      'get-account': { warmupSeconds: 0, seconds: 5, requests: 100 },
    },
    profileSeconds: 0,
  },
};
