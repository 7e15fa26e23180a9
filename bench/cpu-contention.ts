import { readFileSync } from 'node:fs';
import { clockTicksPerSecond, processCpuMs } from './process-cpu.ts';

interface Sample {
  /** Machine CPU time, all cores, ms. */
  readonly total: number;
  readonly busy: number;
  /** This process and the children it has reaped. */
  readonly ours: number;
  /** The live processes that belong to the measurement (the server under load). */
  readonly counted: number;
}

/**
 * Measures the share of the machine's CPU that went to processes other than the benchmark, the
 * servers it started and reaped, and `pids` (live servers): anything above a few percent means
 * the figures were taken on a shared machine. Reads /proc; `stop()` gives undefined elsewhere.
 */
export function startContentionMeter(pids: readonly number[] = []): { stop(): number | undefined } {
  const before = sample(pids);
  return {
    stop() {
      const after = sample(pids);
      if (!before || !after || after.total <= before.total) return undefined;
      const others = after.busy - before.busy - (after.ours - before.ours) - (after.counted - before.counted);
      return Math.max(0, others) / (after.total - before.total);
    },
  };
}

function sample(pids: readonly number[]): Sample | undefined {
  try {
    const ms = 1000 / clockTicksPerSecond();
    // /proc/stat: "cpu user nice system idle iowait irq softirq steal …", in clock ticks.
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const cpu = line.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((sum, n) => sum + n, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    // /proc/self/stat fields 14-17: utime, stime, and cutime, cstime of reaped children.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ours = fields.slice(11, 15).reduce((sum, n) => sum + n, 0);
    const counted = pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
    return { total: total * ms, busy: (total - idle) * ms, ours: ours * ms, counted };
  } catch {
    return undefined;
  }
}
