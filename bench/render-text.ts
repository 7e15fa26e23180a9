import type { BenchReport } from './bench-report.ts';
import { percent } from './format-figures.ts';
import { replicaTable } from './postgres-replicas.ts';
import { findingTable, resultTable, serverTable, type Table } from './report-rows.ts';

/** The terminal's view: the three tables, aligned in plain text. */
export function renderText(report: BenchReport): string {
  return [
    `${report.machine.cpuModel} × ${report.machine.cpuCount}, Node ${report.machine.nodeVersion}, plan ${report.plan}, ${report.seconds.toFixed(0)} s` +
      (report.otherCpuShare === undefined
        ? ''
        : `, other processes used ${percent(report.otherCpuShare)} of the CPU meanwhile`),
    '',
    align(resultTable(report)),
    '',
    align(serverTable(report)),
    '',
    align(findingTable(report)),
    '',
    ...replicaLines(report),
  ].join('\n');
}

function replicaLines({ replicas }: BenchReport): string[] {
  if (!replicas) return [];
  if ('skipped' in replicas) return [`Replicas on PostgreSQL: not measured, ${replicas.skipped}`, ''];
  return [align(replicaTable(replicas)), ''];
}

function align(table: Table): string {
  const lines = [table.head, ...table.rows];
  const widths = table.head.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return table.right.includes(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [format(table.head), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(format)].join(
    '\n',
  );
}
