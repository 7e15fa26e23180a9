import type { BenchSession } from './bench-session.ts';
import { freePort } from './free-port.ts';
import { runLoad, type LoadResult } from './load-run.ts';
import type { BenchPlan } from './plans.ts';
import { postgresBinaries, startPrivatePostgres } from './private-postgres.ts';
import type { Table } from './report-rows.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { serverSpec, targets } from './targets.ts';
import { formatMs, formatRate } from './format-figures.ts';
import type { Workload } from './workloads.ts';

/** Bulk-10 on the shared store: in memory (from the main run), then one and two replicas on PostgreSQL. */
export type ReplicaFigures =
  | {
      readonly server: string;
      readonly rows: readonly {
        readonly setup: string;
        readonly replicas: number;
        readonly okPerSecond: number;
        readonly p50Ms: number;
        /** The slower replica's, with two. */
        readonly p99Ms: number;
        readonly failed: number;
        readonly serverCpu: number | undefined;
      }[];
    }
  | { readonly skipped: string };

export interface ReplicaOptions {
  readonly plan: BenchPlan;
  readonly root: string;
  readonly session: BenchSession;
  readonly workload: Workload;
  /** The request whose first 2xx ends a replica's start-up (the main run's probe). */
  readonly probePath: string;
  /** The in-memory mock's Bulk-10 result of the same run, shown beside. */
  readonly inMemory: LoadResult | undefined;
  readonly log: (line: string) => void;
}

/**
 * A private PostgreSQL in a temp folder (as the tests start one), a fresh database per setup, and
 * the CLI started with `--store` as users start replicas. With two, the plan's connections are
 * split between them, as a load balancer would, from this one load generator.
 */
export async function measureReplicas(options: ReplicaOptions): Promise<ReplicaFigures> {
  const { plan, session, workload, log } = options;
  const bin = postgresBinaries();
  if (!bin)
    return { skipped: 'no PostgreSQL on this machine (/usr/lib/postgresql/*/bin; .ci/run installs it)' };
  const server = await startPrivatePostgres(bin);
  const rows: Exclude<ReplicaFigures, { skipped: string }>['rows'][number][] = [];
  if (options.inMemory) rows.push(row('in memory (no --store)', 1, [options.inMemory]));
  try {
    for (const replicas of [1, 2]) {
      const url = await server.freshDatabase(`bench_${replicas}`);
      const launched: { process: ServerProcess; base: string }[] = [];
      try {
        for (let k = 0; k < replicas; k++) launched.push(await startReplica(options, url));
        log(`postgres: ${replicas} replica(s) up`);
        const budget = plan.budget['bulk-10'];
        const share = (k: number) =>
          Math.floor(plan.connections / replicas) + (k < plan.connections % replicas ? 1 : 0);
        const load = (seconds: number) =>
          Promise.all(
            launched.map(({ base, process }, k) =>
              runLoad(session.loadRequest(base, workload), { connections: share(k), seconds }, process.pid),
            ),
          );
        if (budget.warmupSeconds > 0) await load(budget.warmupSeconds);
        const results = await load(budget.seconds);
        const figures = row(`PostgreSQL, ${replicas} replica${replicas > 1 ? 's' : ''}`, replicas, results);
        log(`postgres: ${figures.setup}: ${figures.okPerSecond.toFixed(0)} 2xx/s, ${figures.failed} failed`);
        rows.push(figures);
      } finally {
        for (const { process } of launched) await process.stop();
      }
    }
    return { server: `private PostgreSQL (${bin})`, rows };
  } finally {
    server.destroy();
  }
}

function row(setup: string, replicas: number, results: readonly LoadResult[]) {
  const cpus = results.map((r) => r.cpu.server);
  return {
    setup,
    replicas,
    okPerSecond: results.reduce((sum, r) => sum + r.okPerSecond, 0),
    p50Ms: Math.max(...results.map((r) => r.latencyMs.p50)),
    p99Ms: Math.max(...results.map((r) => r.latencyMs.p99)),
    failed: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    serverCpu: cpus.every((c) => c !== undefined) ? cpus.reduce((a, b) => a + b, 0) : undefined,
  };
}

/** The mock as the benchmark starts it (serverSpec), given the store to share. */
async function startReplica(options: ReplicaOptions, url: string) {
  const port = await freePort();
  const spec = serverSpec('mock', {
    root: options.root,
    port,
    plan: options.plan,
    probe: { path: options.probePath, call: { method: 'GET', headers: options.session.headersFor('GET') } },
  });
  const process = await startServerProcess({
    ...spec,
    label: 'mock --store',
    args: [...spec.args, '--store', url],
  });
  return { process, base: `http://127.0.0.1:${port}${targets.mock.basePath}` };
}

/** The report's table of these figures. */
export function replicaTable(figures: Exclude<ReplicaFigures, { skipped: string }>): Table {
  return {
    head: ['Bulk, 10 accounts', '2xx/s', 'p50 ms', 'p99 ms', 'failed', 'server CPU'],
    rows: figures.rows.map((r) => [
      r.setup,
      formatRate(r.okPerSecond),
      formatMs(r.p50Ms),
      formatMs(r.p99Ms),
      String(r.failed),
      r.serverCpu === undefined ? '' : `${(r.serverCpu * 100).toFixed(0)} %`,
    ]),
    right: [1, 2, 3, 4, 5],
  };
}
