const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** A duration as people read it: "0.4s", "12s", "3m 05s", "2h 07m". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Accounts per second, or undefined before there is anything to measure. */
export function ratePerSecond(count: number, elapsedMs: number): number | undefined {
  return count > 0 && elapsedMs > 0 ? (count * 1000) / elapsedMs : undefined;
}
