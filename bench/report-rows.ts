import type { BenchReport } from './bench-report.ts';
import { failed, loaderBound } from './findings.ts';
import { formatFinding, formatMegabytes, formatMs, formatRate, formatTarget } from './format-figures.ts';
import { targets } from './targets.ts';

export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns aligned right (numbers). */
  readonly right: readonly number[];
}

/** The verdicts first: each target of the issue, measured value, met or not. */
export function findingTable(report: BenchReport): Table {
  return {
    head: ['Figure', 'Measured', 'Target', 'Status'],
    rows: report.findings.map((f) => [
      f.title,
      formatFinding(f),
      formatTarget(f),
      `${f.status ?? 'info'}${f.note ? ` (${f.note})` : ''}`,
    ]),
    right: [1],
  };
}

/** One row per target × workload; failures are shown, never counted as throughput. */
export function resultTable(report: BenchReport): Table {
  const ceiling = (workload: string) =>
    report.results.find((r) => r.target === 'ceiling' && r.workload === workload)?.okPerSecond;
  return {
    head: [
      'Target',
      'Workload',
      '2xx/s',
      '÷ ceiling',
      'p50 ms',
      'p99 ms',
      'answers',
      'failed',
      'bytes/answer',
      'server CPU',
      'loader CPU',
      'others',
      'rounds',
    ],
    rows: report.results.map((r) => {
      const limit = ceiling(r.workload);
      const failures = failed(r);
      return [
        targets[r.target].title,
        report.titles[r.workload],
        formatRate(r.okPerSecond),
        limit && r.target !== 'ceiling' ? `${((r.okPerSecond / limit) * 100).toFixed(0)} %` : '',
        formatMs(r.latencyMs.p50),
        formatMs(r.latencyMs.p99),
        r.answers.toLocaleString('en-US'),
        failures === 0
          ? '0'
          : `${failures} (${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx: ${JSON.stringify(r.statuses)})`,
        formatRate(r.bytesPerAnswer),
        r.cpu.server === undefined ? 'n/a' : asPercent(r.cpu.server),
        `${asPercent(r.cpu.generator)}${loaderBound(r) ? ' (bound)' : ''}`,
        r.otherCpuShare === undefined ? 'n/a' : asPercent(r.otherCpuShare),
        r.roundsOkPerSecond.map(formatRate).join(' / '),
      ];
    }),
    right: [2, 3, 4, 5, 6, 8, 9, 10, 11],
  };
}

function asPercent(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}

export function serverTable(report: BenchReport): Table {
  return {
    head: ['Target', 'Process', 'Start-up to first answer', 'Peak RSS (VmHWM)'],
    rows: report.servers.map((s) => [
      targets[s.target].title,
      s.role === 'all'
        ? s.workloads.join(', ')
        : s.role === 'reads'
          ? `reads: ${s.workloads.join(', ')}`
          : s.role,
      `${s.startupMs.toFixed(0)} ms`,
      formatMegabytes(s.peakRssBytes),
    ]),
    right: [2, 3],
  };
}

/** What each target answers, next to its measured size per workload: a fast answer may hold little. */
export function returnsTable(report: BenchReport): Table {
  const ran = [...new Set(report.results.map((r) => r.target))];
  return {
    head: ['Target', 'Bytes per answer, by workload', 'What it returns'],
    rows: ran.map((target) => [
      targets[target].title,
      report.results
        .filter((r) => r.target === target)
        .map((r) => `${r.workload} ${formatRate(r.bytesPerAnswer)}${r.ok === 0 ? ' (no 2xx)' : ''}`)
        .join('; '),
      targets[target].returns,
    ]),
    right: [],
  };
}
