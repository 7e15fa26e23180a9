import { readFileSync } from 'node:fs';
import { loadDocument } from '../openapi/load-document.ts';
import { createBulkBodies } from './bulk-bodies.ts';
import { freePort } from './free-port.ts';
import { runLoad } from './load-run.ts';
import { describeMachine, type Machine } from './machine.ts';
import { mintToken } from './mint-token.ts';
import { startServerProcess } from './server-process.ts';
import { serverSpec } from './targets.ts';
import { plans } from './plans.ts';
import { firstExampleItem } from './workloads.ts';
import type { Status } from './bench-report.ts';

/** One minute (or the last, shorter slice) of full-rate Bulk-10. */
export interface SoakSlice {
  readonly minute: number;
  readonly okPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Resident memory of the mock at the slice's end (VmRSS). */
  readonly rssBytes: number | undefined;
  /** The mock's CPU time per 2xx answer: what the mock's own work cost, whatever else ran. */
  readonly serverCpuMsPerOk?: number;
  /** Share of the machine's CPU other processes took during the slice (see cpu-contention.ts). */
  readonly otherCpuShare?: number;
}

export interface SoakReport {
  readonly at: string;
  readonly command: string;
  readonly machine: Machine;
  readonly seconds: number;
  readonly connections: number;
  readonly accountsCreated: number;
  readonly slices: readonly SoakSlice[];
  readonly targets: {
    readonly finalRssBytes: {
      readonly measured: number | undefined;
      readonly atMost: number;
      readonly status: Status;
    };
    readonly lastOverFirst: { readonly measured: number; readonly atLeast: number; readonly status: Status };
  };
}

export interface SoakOptions {
  readonly root: string;
  readonly seconds: number;
  readonly command: string;
  readonly log: (line: string) => void;
}

/** The targets: bounded memory, and a mock that does not slow down as it fills. */
const rssTarget = 300 * 2 ** 20;
const throughputTarget = 0.8;
const sliceSeconds = 60;

/**
 * Full-rate Bulk-10 against one mock for `seconds` (every account new, so nothing answers 409),
 * a slice a minute, with the mock's resident memory read after each: the memory budget must send
 * created accounts to the spill file rather than let the heap grow with them.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const loaded = await loadDocument();
  const plan = plans.quick;
  const port = await freePort();
  const token = await mintToken(options.root);
  const authorization = `Bearer ${token}`;
  const bulkPath = `/api${loaded.operation('addAccounts').path}`;
  const item = firstExampleItem(loaded);
  const spec = serverSpec('mock', {
    root: options.root,
    port,
    plan,
    probe: {
      path: loaded.operation('getAccounts').path,
      call: { method: 'GET', headers: { authorization } },
    },
  });
  const server = await startServerProcess(spec);
  const nextBody = createBulkBodies(item, 10, `soak${Date.now().toString(36)}`);
  const slices: SoakSlice[] = [];
  let accountsCreated = 0;
  try {
    for (let done = 0, minute = 1; done < options.seconds; minute++) {
      const seconds = Math.min(sliceSeconds, options.seconds - done);
      const result = await runLoad(
        {
          url: `http://127.0.0.1:${port}${bulkPath}`,
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          nextBody,
        },
        { connections: plan.connections, seconds },
        server.pid,
      );
      done += seconds;
      accountsCreated += result.ok * 10;
      const { server: serverCpu } = result.cpu;
      const slice: SoakSlice = {
        minute,
        okPerSecond: result.okPerSecond,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        rssBytes: currentRssBytes(server.pid),
        ...(serverCpu === undefined || result.ok === 0
          ? {}
          : { serverCpuMsPerOk: (serverCpu * result.seconds * 1000) / result.ok }),
        ...(result.otherCpuShare === undefined ? {} : { otherCpuShare: result.otherCpuShare }),
      };
      slices.push(slice);
      options.log(
        `soak minute ${minute}: ${Math.round(slice.okPerSecond)} 2xx/s, ${slice.non2xx} non-2xx, RSS ${mib(slice.rssBytes)}, ` +
          `others took ${percent(slice.otherCpuShare)} of the CPU`,
      );
    }
  } finally {
    await server.stop();
  }
  return {
    at: new Date().toISOString(),
    command: options.command,
    machine: describeMachine(),
    seconds: options.seconds,
    connections: plan.connections,
    accountsCreated,
    slices,
    targets: soakTargets(slices),
  };
}

/** The targets, judged on the slices: the last slice's RSS, and its 2xx/s over the first's. */
export function soakTargets(slices: readonly SoakSlice[]): SoakReport['targets'] {
  const first = slices[0]?.okPerSecond ?? 0;
  const last = slices.at(-1)?.okPerSecond ?? 0;
  const finalRss = slices.at(-1)?.rssBytes;
  const ratio = first > 0 ? last / first : 0;
  // A run with failed requests is no evidence either way, as in the benchmark's findings.
  const failed = slices.some((slice) => slice.non2xx > 0 || slice.errors > 0);
  const status = (measured: boolean, met: boolean): Status =>
    failed || !measured ? 'not measured' : met ? 'met' : 'not met';
  return {
    finalRssBytes: {
      measured: finalRss,
      atMost: rssTarget,
      status: status(finalRss !== undefined, finalRss !== undefined && finalRss <= rssTarget),
    },
    lastOverFirst: {
      measured: ratio,
      atLeast: throughputTarget,
      status: status(first > 0, ratio >= throughputTarget),
    },
  };
}

/** True when the soak met both targets: what its exit status says. */
export function soakMet(targets: SoakReport['targets']): boolean {
  return Object.values(targets).every((target) => target.status === 'met');
}

/** What the soak shows, as the README and the results folder keep it. */
export function renderSoak(report: SoakReport): string {
  const { finalRssBytes, lastOverFirst } = report.targets;
  const rows = report.slices.map(
    (s) =>
      `| ${s.minute} | ${Math.round(s.okPerSecond).toLocaleString('en-US')} | ${s.non2xx} | ${s.errors} | ${mib(s.rssBytes)} | ` +
      `${s.serverCpuMsPerOk === undefined ? '?' : s.serverCpuMsPerOk.toFixed(2)} | ${percent(s.otherCpuShare)} |`,
  );
  return [
    '# Soak: full-rate Bulk-10 against one mock',
    '',
    `Made by \`${report.command}\` on ${report.at}: ${report.seconds} s, ${report.connections} connections, ` +
      `${report.accountsCreated.toLocaleString('en-US')} accounts created. ${report.machine.cpuCount} × ${report.machine.cpuModel}, Node ${report.machine.nodeVersion}.`,
    '',
    '| minute | 2xx/s | non-2xx | errors | mock RSS | mock CPU ms per 2xx | CPU taken by other processes |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '| figure | measured | target | status |',
    '| --- | ---: | ---: | --- |',
    `| RSS at the end | ${mib(finalRssBytes.measured)} | ≤ ${mib(finalRssBytes.atMost)} | ${finalRssBytes.status} |`,
    `| last minute ÷ first, 2xx/s | ${lastOverFirst.measured.toFixed(2)} | ≥ ${lastOverFirst.atLeast} | ${lastOverFirst.status} |`,
    '',
    'The mock runs as `npm start` starts it (its Node options included), its log to /dev/null. A minute ' +
      'in which other processes took much of the CPU serves fewer requests for that reason alone: ' +
      'its CPU time per 2xx says whether the mock itself slowed down. A run with any failed request ' +
      'measures nothing; `npm run bench -- --soak` exits 1 unless both targets are met.',
    '',
  ].join('\n');
}

/** Resident memory now (VmRSS), not the high-water mark: a soak asks where memory settles. */
function currentRssBytes(pid: number): number | undefined {
  try {
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

function percent(share: number | undefined): string {
  return share === undefined ? '?' : `${Math.round(share * 100)} %`;
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
