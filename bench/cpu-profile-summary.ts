import { readFileSync } from 'node:fs';

/** The parts of V8's .cpuprofile (Chrome DevTools Profiler.Profile) read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  /** Share of the busy time (idle excluded), 0..1. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleShare: number;
  /**
   * Time by area (a package, a file of ours), Node's internals charged to the nearest package or
   * file that called them: a socket write made by @hono/node-server counts for @hono/node-server.
   */
  readonly byArea: readonly ProfileLine[];
  /** Self time by function. */
  readonly bySelf: readonly ProfileLine[];
  /** Inclusive time (self and callees) of the functions in our own files. */
  readonly ownInclusive: readonly ProfileLine[];
}

const idle = new Set(['(idle)', '(program)']);

/**
 * Where the server's CPU went while it was loaded, from a `node --cpu-prof` profile; samples of the
 * first `fromMs` (start-up and warm-up) are left out.
 */
export function summarizeCpuProfile(file: string, root: string, fromMs: number, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let idleTime = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let elapsed = 0;
  samples.forEach((id, i) => {
    elapsed += deltas[i] ?? 0;
    if (elapsed < fromMs * 1000) return;
    // V8 stores the time before each sample; the next delta is the time this sample stood for.
    const micros = Math.max(0, deltas[i + 1] ?? 0);
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    if (idle.has(frame.functionName)) {
      idleTime += micros;
      return;
    }
    busy += micros;
    add(self, label(frame, root), micros);
    const seen = new Set<string>();
    let charged: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const outer = byId.get(at)?.callFrame;
      if (!outer) continue;
      if (charged === undefined && outer.url !== '' && !outer.url.startsWith('node:')) {
        charged = areaOf(outer, root);
      }
      if (!isOwn(outer.url, root)) continue;
      const name = label(outer, root);
      // A recursive function counts once per sample.
      if (!seen.has(name)) add(inclusive, name, micros);
      seen.add(name);
    }
    add(area, charged ?? areaOf(frame, root), micros);
  });
  const lines = (totals: Map<string, number>) =>
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, share: busy > 0 ? micros / busy : 0 }));
  return {
    busyMs: busy / 1000,
    idleShare: busy + idleTime > 0 ? idleTime / (busy + idleTime) : 0,
    byArea: lines(area),
    bySelf: lines(self),
    ownInclusive: lines(inclusive),
  };
}

function add(totals: Map<string, number>, key: string, micros: number): void {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

function relative(url: string, root: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function isOwn(url: string, root: string): boolean {
  const path = relative(url, root);
  return path !== url && !path.startsWith('node_modules/');
}

function label(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const where = frame.url ? ` ${relative(frame.url, root)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function areaOf(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node internals';
  const path = relative(frame.url, root);
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  return path === frame.url ? 'other' : path;
}
