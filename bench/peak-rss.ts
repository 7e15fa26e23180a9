import { readFileSync } from 'node:fs';

/**
 * The most resident memory a live process has had (VmHWM, Linux's high-water mark), so one read at
 * the end of a phase sees the peak without sampling. Undefined where /proc is not available.
 */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}
