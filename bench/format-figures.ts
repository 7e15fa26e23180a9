import type { Finding } from './bench-report.ts';

/** Requests per second: whole numbers with thousands separators. */
export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

/** Three significant digits: 0.412, 4.12, 41.2, 412. */
export function formatMs(ms: number): string {
  if (ms === 0) return '0';
  return ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3);
}

export function formatMegabytes(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`;
}

export function formatFinding(finding: Pick<Finding, 'value' | 'unit'>): string {
  if (finding.value === undefined) return 'n/a';
  if (finding.unit === 'ms') return `${finding.value.toFixed(0)} ms`;
  if (finding.unit === 'MB') return `${finding.value.toFixed(1)} MB`;
  return `${finding.value >= 10 ? finding.value.toFixed(1) : finding.value.toFixed(2)}×`;
}

export function formatTarget(finding: Finding): string {
  const { target } = finding;
  return target ? `${target.comparison} ${formatFinding({ value: target.value, unit: finding.unit })}` : '';
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
