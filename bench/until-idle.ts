import { setTimeout as sleep } from 'node:timers/promises';
import { processCpuMs } from './process-cpu.ts';

/**
 * Waits until a server stops working on requests a run abandoned when it ended (a slow peer can
 * keep computing answers for seconds), so that leftover work never competes with the next run.
 */
export async function untilIdle(pid: number, maxMs = 15_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let before = processCpuMs(pid);
  while (before !== undefined && performance.now() < deadline) {
    await sleep(200);
    const after = processCpuMs(pid);
    // Idle: under 5 % of a core over the last 200 ms.
    if (after === undefined || after - before < 10) return;
    before = after;
  }
}
