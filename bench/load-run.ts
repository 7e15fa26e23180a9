import { createRequire } from 'node:module';
import { startContentionMeter } from './cpu-contention.ts';
import { processCpuMs } from './process-cpu.ts';

/** The part of autocannon's API this harness uses (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  amount?: number;
  timeout: number;
  requests: AutocannonRequest[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  throughput: { total: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** Called for every request: Bulk bodies must differ from each other. */
  readonly nextBody?: () => string;
}

export interface LoadBudgetSpec {
  readonly connections: number;
  readonly seconds: number;
  readonly requests?: number;
}

export interface LoadResult {
  readonly seconds: number;
  /** Answers received, whatever their status. */
  readonly answers: number;
  readonly ok: number;
  readonly non2xx: number;
  /** Socket errors and timeouts: requests that got no answer. */
  readonly errors: number;
  readonly timeouts: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** 2xx answers per second: an error or a 4xx never counts as throughput. */
  readonly okPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
  readonly bytesPerAnswer: number;
  /**
   * Share of one core used during the run by the load generator (this process) and by the server:
   * a generator near 100 % with a server below means the generator, not the server, set the pace.
   */
  readonly cpu: { readonly generator: number; readonly server?: number };
  /** Share of the machine's CPU that other processes took during the run (see cpu-contention.ts). */
  readonly otherCpuShare?: number;
}

/**
 * Loads one URL with autocannon from this process. Latencies are recorded here from each response
 * (autocannon's own histogram rounds to whole milliseconds, too coarse for a bare server).
 */
export function runLoad(
  request: LoadRequest,
  budget: LoadBudgetSpec,
  serverPid?: number,
): Promise<LoadResult> {
  const latencies = createLatencyRecorder();
  const { nextBody } = request;
  const started = performance.now();
  const generatorBefore = process.cpuUsage();
  const serverBefore = serverPid === undefined ? undefined : processCpuMs(serverPid);
  const contention = startContentionMeter(serverPid === undefined ? [] : [serverPid]);
  const cpuShares = () => {
    const elapsed = performance.now() - started;
    const generator = process.cpuUsage(generatorBefore);
    const serverAfter = serverPid === undefined ? undefined : processCpuMs(serverPid);
    const server =
      serverBefore === undefined || serverAfter === undefined
        ? undefined
        : (serverAfter - serverBefore) / elapsed;
    return {
      generator: (generator.user + generator.system) / 1000 / elapsed,
      ...(server === undefined ? {} : { server }),
    };
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        connections: budget.connections,
        duration: budget.seconds,
        ...(budget.requests === undefined ? {} : { amount: budget.requests }),
        // A 1,000-item Bulk on a slow peer can take seconds; a timeout is still counted, never hidden.
        timeout: 30,
        requests: [
          {
            method: request.method,
            headers: { ...request.headers },
            ...(nextBody ? { setupRequest: (r: AutocannonRequest) => ({ ...r, body: nextBody() }) } : {}),
          },
        ],
      },
      (error, result) => {
        if (error) reject(error);
        else {
          const otherCpuShare = contention.stop();
          resolve({
            ...summarize(result, latencies),
            cpu: cpuShares(),
            ...(otherCpuShare === undefined ? {} : { otherCpuShare }),
          });
        }
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.record(ms));
  });
}

function summarize(
  result: AutocannonResult,
  latencies: ReturnType<typeof createLatencyRecorder>,
): Omit<LoadResult, 'cpu' | 'otherCpuShare'> {
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const answers = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const seconds = result.duration;
  return {
    seconds,
    answers,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    okPerSecond: seconds > 0 ? result['2xx'] / seconds : 0,
    latencyMs: latencies.summary(),
    bytesPerAnswer: answers > 0 ? result.throughput.total / answers : 0,
  };
}

/** Every latency of a run, kept whole: percentiles are then exact, not bucketed. */
function createLatencyRecorder() {
  let values = new Float64Array(1 << 16);
  let count = 0;
  return {
    record(ms: number): void {
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = ms;
    },
    summary(): { p50: number; p99: number; mean: number } {
      const sorted = values.slice(0, count).sort();
      // Nearest rank: the smallest latency that a share q of the answers did not exceed.
      const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
      const mean = sorted.length === 0 ? 0 : sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
      return { p50: at(0.5), p99: at(0.99), mean };
    },
  };
}
