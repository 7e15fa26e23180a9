import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest, type HttpCall } from './http-request.ts';
import { peakRssBytes } from './peak-rss.ts';

export interface ServerSpec {
  readonly label: string;
  /** Arguments of process.execPath (Node 24): node flags, then the script and its options. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** A request that answers 2xx once the server can serve the workloads. */
  readonly probe: { readonly url: string; readonly call: HttpCall };
  readonly startTimeoutMs: number;
}

export interface ServerProcess {
  readonly label: string;
  readonly pid: number;
  /** From spawn() to the first 2xx answer to the probe, polled every 10 ms. */
  readonly startupMs: number;
  peakRssBytes(): number | undefined;
  /** SIGTERM (so a profiled server writes its profile), SIGKILL if it lingers. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** For exit and signal handlers: ends every server still running, synchronously. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Its own process, so the server never shares a core's event loop with the load generator. */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, spec.args, { cwd: spec.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  const exited = once(child, 'exit').catch(() => undefined);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));

  const stop = async () => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const lingering = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(lingering);
  };

  try {
    await firstAnswer(spec, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.label} has no pid`);
  return {
    label: spec.label,
    pid,
    startupMs: performance.now() - started,
    peakRssBytes: () => peakRssBytes(pid),
    stop,
  };
}

async function firstAnswer(spec: ServerSpec, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = performance.now() + spec.startTimeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${spec.label} exited with ${child.exitCode} before answering:\n${stderr()}`);
    }
    try {
      const answer = await httpRequest(spec.probe.url, spec.probe.call);
      if (answer.status >= 200 && answer.status < 300) return;
      last = `${answer.status}: ${answer.body.toString().slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(10);
  }
  throw new Error(`${spec.label} gave no 2xx to ${spec.probe.url} in ${spec.startTimeoutMs} ms (${last})`);
}
