import { join } from 'node:path';
import { documentPath } from '../openapi/load-document.ts';
import type { BenchPlan, TargetId } from './plans.ts';
import type { ServerSpec } from './server-process.ts';
import type { HttpCall } from './http-request.ts';
import { mockoonArgs } from './peers/mockoon.ts';
import { scalarArgs } from './peers/scalar.ts';
import { startNodeOptions } from './start-options.ts';

export interface TargetInfo {
  readonly title: string;
  /** What precedes the document's paths: the mock serves under `/api`, Prism ignores the prefix. */
  readonly basePath: string;
  readonly startTimeoutMs: number;
  /** What its answers hold, beyond their size (bytes/answer in the report): checked by hand. */
  readonly returns: string;
}

export const targets: Readonly<Record<TargetId, TargetInfo>> = {
  ceiling: {
    title: 'bare node:http (ceiling)',
    basePath: '/api',
    startTimeoutMs: 10_000,
    returns: "the mock's answer to the same request, captured in this run, every time",
  },
  mock: {
    title: 'our mock',
    basePath: '/api',
    startTimeoutMs: 20_000,
    returns:
      'checks the JWT and the request, stores what Bulk creates; pages of generated, realistic accounts (names, matching emails, addresses valid for their country), consistent across pages',
  },
  'prism-static': {
    title: 'Prism static',
    basePath: '',
    startTimeoutMs: 60_000,
    returns:
      "the document's first example for every request (a page of 2 accounts, whatever pageSize asks), no state",
  },
  'prism-dynamic': {
    title: 'Prism dynamic (-d)',
    basePath: '',
    startTimeoutMs: 60_000,
    returns:
      'values made up from the schemas by json-schema-faker: not realistic (random strings, odd numbers)',
  },
  scalar: {
    title: 'Scalar mock server',
    basePath: '',
    startTimeoutMs: 60_000,
    returns:
      "the document's examples (a page of 2 accounts whatever pageSize asks; the example account for any id), no state; requests checked against the schemas (422)",
  },
  mockoon: {
    title: 'Mockoon CLI',
    basePath: '/api',
    startTimeoutMs: 60_000,
    returns:
      'random values by type, not realistic: pageSize and totalCount in the tens of thousands on a page of one item, empty strings, dates as "Sun Dec 06 2026 …"; no auth or request checks, no state',
  },
};

/** Every spec-driven mock the benchmark may run besides ours (all but the ceiling and the mock). */
export const peerTargets = (Object.keys(targets) as TargetId[]).filter(
  (target) => target !== 'ceiling' && target !== 'mock',
);

export interface SpecOptions {
  readonly root: string;
  readonly port: number;
  readonly plan: BenchPlan;
  /** A workload request that must answer 2xx: start-up is timed to its first success. */
  readonly probe: { readonly path: string; readonly call: HttpCall };
  /** The bytes the ceiling answers with (see ceiling-server.ts). */
  readonly bodyFile?: string;
  /** The mock's entry: `mock/cli/cli.ts` (the sources, as `npm start`), or the built package's. */
  readonly mockScript?: string;
  /** Runs the mock under `node --cpu-prof`, writing the profile there. */
  readonly cpuProfileDir?: string;
}

/** How each target is started: every one by our Node 24, on loopback, its output discarded. */
export function serverSpec(target: TargetId, options: SpecOptions): ServerSpec {
  const port = String(options.port);
  const probe = {
    url: `http://127.0.0.1:${port}${targets[target].basePath}${options.probe.path}`,
    call: options.probe.call,
  };
  const common = { label: target, cwd: options.root, probe, startTimeoutMs: targets[target].startTimeoutMs };
  switch (target) {
    case 'ceiling':
      if (options.bodyFile === undefined) throw new Error('the ceiling needs the body it serves');
      return { ...common, args: ['bench/ceiling-server.ts', '--port', port, '--body', options.bodyFile] };
    case 'mock': {
      const profiling = options.cpuProfileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
        : [];
      return {
        ...common,
        // The CLI users run (`npm start`, its Node options included), with its
        // one-line-per-request log going to /dev/null.
        args: [
          ...profiling,
          ...startNodeOptions(options.root),
          options.mockScript ?? 'mock/cli/cli.ts',
          ...['--port', port, '--host', '127.0.0.1', '--accounts', String(options.plan.datasetSize)],
        ],
      };
    }
    case 'prism-static':
    case 'prism-dynamic':
      return {
        ...common,
        args: [
          join(options.root, 'node_modules/@stoplight/prism-cli/dist/index.js'),
          ...['mock', documentPath, '-h', '127.0.0.1', '-p', port],
          ...(target === 'prism-dynamic' ? ['-d'] : []),
        ],
      };
    case 'scalar':
      return { ...common, args: scalarArgs(options.root, port) };
    case 'mockoon':
      return { ...common, args: mockoonArgs(options.root, port) };
  }
}
