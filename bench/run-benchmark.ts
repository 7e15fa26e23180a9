import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from '../openapi/load-document.ts';
import type { BenchReport } from './bench-report.ts';
import { createBenchSession, type Launched, type MeasuredTarget } from './bench-session.ts';
import { captureAnswer, firstAccountId } from './capture-answer.ts';
import type { ProfileSummary } from './cpu-profile-summary.ts';
import { startContentionMeter } from './cpu-contention.ts';
import { findings } from './findings.ts';
import { gitState } from './git-state.ts';
import { describeMachine } from './machine.ts';
import { mintToken } from './mint-token.ts';
import type { BenchPlan, TargetId, WorkloadId } from './plans.ts';
import { measureReplicas, type ReplicaFigures } from './postgres-replicas.ts';
import { profileMock } from './profile-mock.ts';
import { startNodeOptions } from './start-options.ts';
import { peerTargets } from './targets.ts';
import { defineWorkloads, pagePath, type Workload } from './workloads.ts';

export interface RunOptions {
  readonly plan: BenchPlan;
  /** The repository root: servers run from there. */
  readonly root: string;
  /** Scratch space for the ceiling's bodies and the CPU profile; the caller removes it. */
  readonly workDir: string;
  readonly command: string;
  /** The mock's entry, when not the sources' (`--built`: the package's dist/mock/cli/cli.js). */
  readonly mockScript?: string;
  readonly log: (line: string) => void;
}

// Small answers first: 470 KB pages leave a big heap behind, in the server and in the load generator.
const readWorkloads: readonly WorkloadId[] = ['get-account', 'page-20', 'page-first', 'page-deep'];
const bulkWorkloads: readonly WorkloadId[] = ['bulk-10', 'bulk-1000'];
/**
 * Peers measured alone, after everyone else, and stopped at once: Prism's dynamic mode falls
 * behind under load (a few answers a second) and goes on working through its backlog after a
 * round ends, which took half the CPU from the rounds of every other target.
 */
const soloTargets: readonly TargetId[] = ['prism-dynamic'];
/** The other peers keep no state that matters here: one process each serves every workload. */
const statelessPeers = peerTargets.filter((target) => !soloTargets.includes(target));

/** A workload runs when any target runs it: the ceiling needs the mock's answer even if the mock is not measured. */
function needed(plan: BenchPlan, id: WorkloadId): boolean {
  return Object.values(plan.workloads).some((ids) => ids.includes(id));
}

/**
 * Every server in its own process, loaded one at a time, so the loaded one has a core to itself
 * while this process (the load generator) has the other. Workload by workload, the mock, a ceiling
 * serving the mock's captured answer and Prism in both modes take turns; then the profile.
 */
export async function runBenchmark(options: RunOptions): Promise<BenchReport> {
  const { plan, root, workDir, log } = options;
  const started = performance.now();
  const contention = startContentionMeter();
  const startedAt = new Date().toISOString();
  const loaded = await loadDocument();
  const probePath = pagePath(loaded, 0, plan.pageSize);
  let replicas: ReplicaFigures | undefined;
  const session = createBenchSession({
    plan,
    root,
    token: await mintToken(root),
    probePath,
    ...(options.mockScript === undefined ? {} : { mockScript: options.mockScript }),
    log,
  });

  // The peers start in seconds and keep no state: one process each serves every workload.
  const peers = new Map<TargetId, Launched>();
  let workloads: Record<WorkloadId, Workload>;
  try {
    for (const target of statelessPeers) {
      if (plan.workloads[target].length > 0) peers.set(target, await session.launch(target));
    }
    /**
     * Workloads side by side, target by target: the mock, a ceiling repeating the mock's answer
     * to each, and Prism, all taking turns.
     */
    const compare = async (ids: readonly WorkloadId[], mock: Launched) => {
      const entries: MeasuredTarget[] = [];
      const ceilings: { id: WorkloadId; ceiling: Launched }[] = [];
      try {
        for (const id of ids) {
          const workload = workloads[id];
          if (plan.workloads.mock.includes(id)) {
            entries.push({ target: 'mock', workload, base: mock.base, pid: mock.server.pid });
          }
        }
        for (const id of ids.filter((w) => plan.workloads.ceiling.includes(w))) {
          const workload = workloads[id];
          const bodyFile = join(workDir, `ceiling-${id}.json`);
          const headers = session.headersFor(workload.method);
          writeFileSync(bodyFile, await captureAnswer(mock.base, workload, headers));
          const ceiling = await session.launch('ceiling', { bodyFile });
          ceilings.push({ id, ceiling });
          entries.push({ target: 'ceiling', workload, base: ceiling.base, pid: ceiling.server.pid });
        }
        for (const [target, peer] of peers) {
          for (const id of ids.filter((w) => plan.workloads[target].includes(w))) {
            entries.push({ target, workload: workloads[id], base: peer.base, pid: peer.server.pid });
          }
        }
        await session.measureTogether(entries);
        for (const { id, ceiling } of ceilings) session.record('ceiling', id, [id], ceiling.server);
      } finally {
        for (const { ceiling } of ceilings) await ceiling.server.stop();
      }
    };

    // The mock over the big dataset serves every read: its memory is read before anything is created.
    const reads = await session.launch('mock');
    try {
      const deep = pagePath(loaded, plan.deepStartIndex, 1);
      const accountId = await firstAccountId(reads.base, deep, session.headersFor('GET'));
      const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
      workloads = defineWorkloads(loaded, plan, accountId, tag);
      const ids = readWorkloads.filter((id) => needed(plan, id));
      // The two big pages take turns in one comparison: their ratio is a target, and the mock's
      // heap changes as it serves them, so neither may get all the early or all the late rounds.
      const pages = ids.filter((id) => id === 'page-first' || id === 'page-deep');
      for (const small of ['get-account', 'page-20'] as const) {
        if (ids.includes(small)) await compare([small], reads);
      }
      if (pages.length > 0) await compare(pages, reads);
      session.record('mock', 'reads', ids, reads.server);
    } finally {
      await reads.server.stop();
    }

    // A fresh mock per Bulk workload: created accounts stay in memory, one run must not tax the next.
    for (const id of bulkWorkloads.filter((w) => needed(plan, w))) {
      const mock = await session.launch('mock');
      try {
        await compare([id], mock);
        session.record('mock', id, [id], mock.server);
      } finally {
        await mock.server.stop();
      }
    }
    for (const [target, peer] of peers) session.record(target, 'all', plan.workloads[target], peer.server);
    if (plan.name !== 'smoke' && plan.workloads.mock.includes('bulk-10')) {
      const inMemory = session.results.find((r) => r.target === 'mock' && r.workload === 'bulk-10');
      replicas = await measureReplicas({
        plan,
        root,
        session,
        workload: workloads['bulk-10'],
        probePath,
        inMemory,
        log,
      });
    }
  } finally {
    for (const peer of peers.values()) await peer.server.stop();
  }

  for (const target of soloTargets.filter((t) => plan.workloads[t].length > 0)) {
    const peer = await session.launch(target);
    try {
      await session.measureTogether(
        plan.workloads[target].map((id) => ({
          target,
          workload: workloads[id],
          base: peer.base,
          pid: peer.server.pid,
        })),
      );
      session.record(target, 'all', plan.workloads[target], peer.server);
    } finally {
      await peer.server.stop();
    }
  }

  let profile: ProfileSummary | undefined;
  if (plan.profileSeconds > 0) {
    const budget = { connections: plan.connections, seconds: plan.profileSeconds };
    const warmupSeconds = plan.budget['bulk-10'].warmupSeconds;
    profile = await profileMock(session, workloads['bulk-10'], { ...budget, warmupSeconds }, workDir, root);
    log(`profile: ${profile.busyMs.toFixed(0)} ms of busy CPU sampled under Bulk-10`);
  }

  const otherCpuShare = contention.stop();
  return {
    command: options.command,
    plan: plan.name,
    rounds: plan.rounds,
    startedAt,
    seconds: (performance.now() - started) / 1000,
    git: gitState(root),
    machine: describeMachine(),
    ...(otherCpuShare === undefined ? {} : { otherCpuShare }),
    settings: {
      connections: plan.connections,
      datasetSize: plan.datasetSize,
      deepStartIndex: plan.deepStartIndex,
      pageSize: plan.pageSize,
      smallPageSize: plan.smallPageSize,
      loadGenerator: `autocannon ${packageVersion(root, 'autocannon')}`,
      mockNodeOptions: startNodeOptions(root),
      prism: `@stoplight/prism-cli ${packageVersion(root, '@stoplight/prism-cli')}`,
      peers: ['@scalar/mock-server', '@mockoon/cli'].map((name) => `${name} ${packageVersion(root, name)}`),
    },
    titles: Object.fromEntries(Object.values(workloads).map((w) => [w.id, w.title])) as Record<
      WorkloadId,
      string
    >,
    servers: session.servers,
    results: session.results,
    findings: findings(session.results, session.servers, plan.maxOtherCpuShare),
    ...(profile ? { profile } : {}),
    ...(replicas ? { replicas } : {}),
  };
}

function packageVersion(root: string, name: string): string {
  try {
    const path = join(root, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
