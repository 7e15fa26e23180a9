import type { Finding, ServerRun, Status, WorkloadResult } from './bench-report.ts';
import { allWorkloads, type TargetId, type WorkloadId } from './plans.ts';
import { peerTargets, targets } from './targets.ts';

type Target = NonNullable<Finding['target']>;

/**
 * The ratios of the issue, each with its definition, and whether each target is met. A figure
 * built on a run that had errors, timeouts or non-2xx answers is "not measured": such a run is
 * never taken as evidence either way.
 */
export function findings(
  results: readonly WorkloadResult[],
  servers: readonly ServerRun[],
  maxOtherCpuShare: number,
): Finding[] {
  const quotient = (
    a: WorkloadResult | undefined,
    b: WorkloadResult | undefined,
    divide: (a: WorkloadResult, b: WorkloadResult) => number,
  ) => quotientOf(a, b, divide, maxOtherCpuShare);
  const find = (target: TargetId, workload: WorkloadId) =>
    results.find((r) => r.target === target && r.workload === workload);
  const mockBulk10 = find('mock', 'bulk-10');
  const ratioOf = (over: TargetId, workload: WorkloadId = 'bulk-10') => {
    const mine = find('mock', workload);
    const peer = find(over, workload);
    const measured = quotient(mine, peer, (a, b) => a.okPerSecond / b.okPerSecond);
    // A side that ran at the load generator's limit could have answered more than it did.
    const bounds = [
      ...(mine && loaderBound(mine)
        ? ["the mock ran at the load generator's limit: the ratio is a lower bound"]
        : []),
      ...(peer && loaderBound(peer)
        ? [`${over} ran at the load generator's limit: the ratio is an upper bound`]
        : []),
    ];
    const note = [measured.note, ...bounds].filter(Boolean).join('; ');
    return note ? { ...measured, note } : measured;
  };
  // The peer with the most 2xx/s on a workload: Prism static in the issue's own measurements.
  const fastestPeer = (workload: WorkloadId) =>
    peerTargets
      .map((target) => find(target, workload))
      .filter((r): r is WorkloadResult => r !== undefined && r.okPerSecond > 0)
      .reduce<WorkloadResult | undefined>((a, b) => (a && a.okPerSecond >= b.okPerSecond ? a : b), undefined);
  const vsCeiling = (workload: WorkloadId, id: string, title: string, target: number) =>
    goal(
      {
        id,
        title: `${title}: mock / ceiling`,
        definition: `2xx/s of the mock ÷ 2xx/s of the bare node:http server returning the same bytes, ${title}`,
        unit: '×',
      },
      ratioOf('ceiling', workload),
      { comparison: '≥', value: target },
    );
  const vsPeers = allWorkloads.map((workload) => {
    const peer = fastestPeer(workload);
    const measured = peer
      ? ratioOf(peer.target, workload)
      : { note: 'no peer answered this workload with a 2xx in this plan' };
    const named = peer ? `the fastest peer here: ${targets[peer.target].title}` : undefined;
    return goal(
      {
        id: `${workload}-vs-fastest-peer`,
        title: `${workload}: mock / fastest peer`,
        definition: `2xx/s of the mock ÷ 2xx/s of the peer (Prism, Scalar, Mockoon) with the most 2xx/s on ${workload}, which need not do the same work (see what each returns)`,
        unit: '×',
      },
      named ? { ...measured, note: [named, measured.note].filter(Boolean).join('; ') } : measured,
      { comparison: '≥', value: 1.5 },
    );
  });
  const first = find('mock', 'page-first');
  const deep = find('mock', 'page-deep');
  const bulk1000 = find('mock', 'bulk-1000');
  const mockStarts = servers.filter((s) => s.target === 'mock' && s.role !== 'profile');
  const reads = servers.find((s) => s.target === 'mock' && s.role === 'reads');
  /*
   * Once a page is cheap for the mock, the load generator and loopback limit both pages, and they
   * do not limit them equally (the ceiling itself answered deep pages at 0.66 × its first-page rate
   * in one run): 2xx/s alone then measures the loader. Against the ceiling serving the same bytes,
   * only the mock's own share is left.
   */
  const firstOverDeep = quotient(first, deep, (a, b) => a.okPerSecond / b.okPerSecond);
  const deepOverFirstCost = (): Measured => {
    const share = (workload: WorkloadId) =>
      quotient(find('mock', workload), find('ceiling', workload), (a, b) => a.okPerSecond / b.okPerSecond);
    const [firstShare, deepShare] = [share('page-first'), share('page-deep')];
    if (firstShare.value === undefined || deepShare.value === undefined) return firstOverDeep;
    const note = [firstShare.note, deepShare.note].filter(Boolean).join('; ');
    return {
      value: firstShare.value / deepShare.value,
      ...(note ? { note } : {}),
      ...(firstShare.tainted || deepShare.tainted ? { tainted: true } : {}),
    };
  };

  return [
    goal(
      {
        id: 'bulk10-vs-ceiling',
        title: 'Bulk-10: mock / ceiling',
        definition: '2xx/s of the mock ÷ 2xx/s of the bare node:http server returning the same bytes',
        unit: '×',
      },
      ratioOf('ceiling'),
      { comparison: '≥', value: 0.4 },
    ),
    goal(
      {
        id: 'bulk10-vs-prism-dynamic',
        title: 'Bulk-10: mock / Prism dynamic',
        definition: '2xx/s of the mock ÷ 2xx/s of Prism with -d, same requests',
        unit: '×',
      },
      ratioOf('prism-dynamic'),
      { comparison: '≥', value: 10 },
    ),
    goal(
      {
        id: 'bulk10-vs-prism-static',
        title: 'Bulk-10: mock / Prism static',
        definition: '2xx/s of the mock ÷ 2xx/s of Prism without -d, same requests',
        unit: '×',
      },
      ratioOf('prism-static'),
      { comparison: '≥', value: 3 },
    ),
    vsCeiling('page-20', 'page20-vs-ceiling', 'page of 20', 0.25),
    vsCeiling('page-first', 'page200-vs-ceiling', 'page of 200', 0.2),
    vsCeiling('get-account', 'get-account-vs-ceiling', 'getAccount', 0.35),
    ...vsPeers,
    goal(
      {
        id: 'deep-vs-first-cost',
        title: 'Deep page / first page, cost (mock)',
        definition:
          "the mock's cost of a deep page over a first page, each against the ceiling serving the same bytes = (first page: mock ÷ ceiling, 2xx/s) ÷ (deep page: mock ÷ ceiling, 2xx/s); the plain 2xx/s quotient when no ceiling ran",
        unit: '×',
      },
      deepOverFirstCost(),
      { comparison: '≤', value: 1.25 },
    ),
    goal(
      {
        id: 'deep-vs-first-throughput',
        title: 'Deep page / first page, 2xx/s (mock)',
        definition:
          '2xx/s of the first page ÷ 2xx/s of the deep page (for information: the cost only when the mock is what limits both)',
        unit: '×',
      },
      firstOverDeep,
    ),
    goal(
      {
        id: 'deep-vs-first-p50',
        title: 'Deep page / first page, p50 latency (mock)',
        definition: 'median latency of the deep page ÷ median latency of the first page (for information)',
        unit: '×',
      },
      quotient(deep, first, (a, b) => a.latencyMs.p50 / b.latencyMs.p50),
    ),
    goal(
      {
        id: 'per-item-1000-vs-10',
        title: 'Per-item cost, 1,000 / 10 (mock)',
        definition:
          'server time per created account at saturation, Bulk-1000 ÷ Bulk-10 = (2xx/s × 10 of Bulk-10) ÷ (2xx/s × 1,000 of Bulk-1000)',
        unit: '×',
      },
      quotient(mockBulk10, bulk1000, (a, b) => (a.okPerSecond * 10) / (b.okPerSecond * 1000)),
      { comparison: '≤', value: 1.2 },
    ),
    goal(
      {
        id: 'startup',
        title: 'Start-up to first answer (mock, slowest start)',
        definition: `from spawn() to the first 2xx answer to a first-page request, slowest of ${mockStarts.length} starts with the 1,000,000-account dataset`,
        unit: 'ms',
      },
      mockStarts.length === 0
        ? { note: 'the mock was not started' }
        : { value: Math.max(...mockStarts.map((s) => s.startupMs)) },
      { comparison: '≤', value: 500 },
    ),
    goal(
      {
        id: 'rss-1m',
        title: 'Peak RSS with 1,000,000 accounts (mock)',
        definition:
          'VmHWM (MB = 10^6 bytes) of the mock process that served the read workloads over the 1,000,000-account dataset',
        unit: 'MB',
      },
      reads?.peakRssBytes === undefined
        ? { note: 'no /proc/PID/status on this system, or the mock was not run' }
        : { value: reads.peakRssBytes / 1e6 },
      { comparison: '≤', value: 200 },
    ),
  ];
}

interface Measured {
  readonly value?: number;
  readonly note?: string;
  /** The value exists, but a run behind it had failures. */
  readonly tainted?: boolean;
}

function quotientOf(
  a: WorkloadResult | undefined,
  b: WorkloadResult | undefined,
  divide: (a: WorkloadResult, b: WorkloadResult) => number,
  maxOtherCpuShare: number,
): Measured {
  if (!a || !b) return { note: 'not run in this plan' };
  const failures = [a, b]
    .filter((r) => failed(r) > 0)
    .map((r) => `${r.target} ${r.workload}: ${failed(r)} failed`);
  const disturbed = [a, b]
    .filter((r) => (r.otherCpuShare ?? 0) > maxOtherCpuShare)
    .map(
      (r) =>
        `${r.target} ${r.workload} ran while others took ${((r.otherCpuShare ?? 0) * 100).toFixed(0)} % of the CPU`,
    );
  const value = divide(a, b);
  if (!Number.isFinite(value)) return { note: 'a run had no successful answer' };
  const note = [...failures, ...disturbed].join('; ');
  return { value, ...(note ? { note } : {}), ...(failures.length > 0 ? { tainted: true } : {}) };
}

export function failed(result: WorkloadResult): number {
  return result.errors + result.non2xx;
}

/**
 * The load generator (one core) was busy all the time while the server was not: the server could
 * have answered more, and its figure is only a lower bound.
 */
export function loaderBound(result: WorkloadResult): boolean {
  return result.cpu.generator >= 0.9 && (result.cpu.server ?? 1) < 0.9;
}

function goal(
  head: Pick<Finding, 'id' | 'title' | 'definition' | 'unit'>,
  measured: Measured,
  target?: Target,
): Finding {
  const status: Status | undefined =
    target === undefined
      ? undefined
      : measured.value === undefined || measured.tainted
        ? 'not measured'
        : compare(measured.value, target)
          ? 'met'
          : 'not met';
  return {
    ...head,
    value: measured.value,
    ...(target ? { target } : {}),
    ...(status ? { status } : {}),
    ...(measured.note ? { note: measured.note } : {}),
  };
}

function compare(value: number, target: Target): boolean {
  return target.comparison === '≥' ? value >= target.value : value <= target.value;
}
