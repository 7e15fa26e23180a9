import type { ServerRun, WorkloadResult } from './bench-report.ts';
import { freePort } from './free-port.ts';
import type { HttpCall } from './http-request.ts';
import { runLoad, type LoadBudgetSpec, type LoadRequest, type LoadResult } from './load-run.ts';
import type { BenchPlan, TargetId, WorkloadId } from './plans.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { serverSpec, targets, type SpecOptions } from './targets.ts';
import { untilIdle } from './until-idle.ts';
import type { Workload } from './workloads.ts';

export interface Launched {
  readonly server: ServerProcess;
  /** http://127.0.0.1:PORT plus the target's base path: a workload's path goes after it. */
  readonly base: string;
}

/** One target × workload of a comparison. */
export interface MeasuredTarget {
  readonly target: TargetId;
  readonly workload: Workload;
  readonly base: string;
  /** The server process, whose CPU use is read around each run. */
  readonly pid: number;
}

/** What every phase of a run shares: the token, how servers start, where results go. */
export interface BenchSession {
  readonly results: WorkloadResult[];
  readonly servers: ServerRun[];
  headersFor(method: Workload['method']): Record<string, string>;
  loadRequest(base: string, workload: Workload): LoadRequest;
  launch(target: TargetId, extra?: Pick<SpecOptions, 'bodyFile' | 'cpuProfileDir'>): Promise<Launched>;
  /**
   * Loads each target × workload, every one warmed up first, then in turns for the plan's rounds,
   * so whatever changes over time (another process, the server's heap) touches all of them alike;
   * one result per entry goes to `results`.
   */
  measureTogether(entries: readonly MeasuredTarget[]): Promise<void>;
  /** Records a server's start-up and peak memory; call it before stopping the server. */
  record(target: TargetId, role: string, workloads: readonly WorkloadId[], server: ServerProcess): void;
}

export function createBenchSession(options: {
  readonly plan: BenchPlan;
  readonly root: string;
  readonly token: string;
  /** The request whose first 2xx ends a server's start-up. */
  readonly probePath: string;
  /** The mock's entry, when it is not the sources' (`--built`). */
  readonly mockScript?: string;
  readonly log: (line: string) => void;
}): BenchSession {
  const { plan, root, token, log } = options;
  const mockScript = options.mockScript === undefined ? {} : { mockScript: options.mockScript };
  const results: WorkloadResult[] = [];
  const servers: ServerRun[] = [];
  let retrySecondsLeft = plan.retrySeconds;
  const headersFor = (method: Workload['method']): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
  });
  const probe: { path: string; call: HttpCall } = {
    path: options.probePath,
    call: { method: 'GET', headers: headersFor('GET') },
  };
  const loadRequest = (base: string, workload: Workload): LoadRequest => ({
    url: `${base}${workload.path}`,
    method: workload.method,
    headers: headersFor(workload.method),
    ...(workload.nextBody ? { nextBody: workload.nextBody } : {}),
  });

  return {
    results,
    servers,
    headersFor,
    loadRequest,
    async launch(target, extra = {}) {
      const port = await freePort();
      const server = await startServerProcess(
        serverSpec(target, { root, port, plan, probe, ...mockScript, ...extra }),
      );
      log(`${target}: first answer after ${server.startupMs.toFixed(0)} ms`);
      return { server, base: `http://127.0.0.1:${port}${targets[target].basePath}` };
    },
    async measureTogether(entries) {
      const connections = plan.connections;
      const budgetOf = ({ target, workload }: MeasuredTarget) =>
        plan.targetBudget?.[target] ?? plan.budget[workload.id];
      const run = async ({ base, pid, workload }: MeasuredTarget, budget: LoadBudgetSpec) => {
        const result = await runLoad(loadRequest(base, workload), budget, pid);
        await untilIdle(pid);
        return result;
      };
      for (const entry of entries) {
        const { warmupSeconds } = budgetOf(entry);
        if (warmupSeconds > 0) await run(entry, { connections, seconds: warmupSeconds });
      }
      const rounds = new Map<MeasuredTarget, LoadResult[]>(entries.map((entry) => [entry, []]));
      for (let round = 0; round < plan.rounds; round++) {
        for (const entry of entries) {
          const budget = budgetOf(entry);
          const perRound = {
            connections,
            seconds: budget.seconds / plan.rounds,
            ...(budget.requests === undefined ? {} : { requests: Math.ceil(budget.requests / plan.rounds) }),
          };
          const attempts = rounds.get(entry) ?? [];
          let result = await run(entry, perRound);
          attempts.push(result);
          // A round someone else's work disturbed is run once more, within the run's retry budget.
          if ((result.otherCpuShare ?? 0) > plan.maxOtherCpuShare && retrySecondsLeft >= perRound.seconds) {
            retrySecondsLeft -= perRound.seconds;
            const others = percent(result.otherCpuShare ?? 0);
            log(`${entry.target} ${entry.workload.id}: others took ${others} of the CPU, round run again`);
            result = await run(entry, perRound);
            attempts.push(result);
          }
          rounds.set(entry, attempts);
        }
      }
      for (const entry of entries) {
        const { target, workload } = entry;
        const result = bestRound(rounds.get(entry) ?? []);
        log(`${target.padEnd(14)} ${workload.id.padEnd(12)} ${progress(result)}`);
        results.push({
          target,
          workload: workload.id,
          ...(workload.items ? { items: workload.items } : {}),
          ...result,
        });
      }
    },
    record(target, role, ids, server) {
      servers.push({
        target,
        role,
        workloads: ids,
        startupMs: server.startupMs,
        peakRssBytes: server.peakRssBytes(),
      });
    },
  };
}

/** The fastest round's figures, with every round's failures added up and every round's rate kept. */
function bestRound(rounds: readonly LoadResult[]): LoadResult & { roundsOkPerSecond: number[] } {
  const best = rounds.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a));
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    ...best,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statuses: rounds.reduce<Record<string, number>>((all, r) => {
      for (const [status, count] of Object.entries(r.statuses)) all[status] = (all[status] ?? 0) + count;
      return all;
    }, {}),
    roundsOkPerSecond: rounds.map((r) => r.okPerSecond),
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}

function progress(result: LoadResult & { roundsOkPerSecond: readonly number[] }): string {
  const failed = result.errors + result.non2xx;
  const server = result.cpu.server === undefined ? '' : `server ${percent(result.cpu.server)} `;
  const others = result.otherCpuShare === undefined ? '' : `others ${percent(result.otherCpuShare)} `;
  return (
    `${result.okPerSecond.toFixed(0).padStart(7)} 2xx/s  p50 ${result.latencyMs.p50.toFixed(2)} ms  ` +
    `p99 ${result.latencyMs.p99.toFixed(2)} ms  ${server}loader ${percent(result.cpu.generator)} ${others} rounds ${result.roundsOkPerSecond.map((r) => r.toFixed(0)).join('/')}` +
    (failed > 0 ? `  FAILED ${failed}` : '')
  );
}
