import type { BenchReport } from './bench-report.ts';
import type { ProfileLine } from './cpu-profile-summary.ts';
import { percent } from './format-figures.ts';
import { replicaTable } from './postgres-replicas.ts';
import { findingTable, resultTable, returnsTable, serverTable, type Table } from './report-rows.ts';

/** The committed report: every figure with its definition and how it was measured. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, settings, git } = report;
  const commit = git
    ? ` at commit ${git.commit.slice(0, 12)}${git.dirty ? ' (with uncommitted changes to tracked files)' : ''}`
    : '';
  const sections = [
    '# Benchmark: the mock against the bare ceiling and its peers',
    '',
    `Made by \`${report.command}\` (plan ${report.plan}) on ${report.startedAt}${commit}, in ${report.seconds.toFixed(0)} s. ` +
      'The figures hold for this machine only; the ratios are what carries over.',
    '',
    '## Machine',
    '',
    table({
      head: ['CPU', 'Cores', 'Node', 'OS', 'Memory'],
      rows: [
        [
          machine.cpuModel,
          String(machine.cpuCount),
          machine.nodeVersion,
          machine.os,
          `${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
        ],
      ],
      right: [1],
    }),
    '',
    contentionLine(report.otherCpuShare),
    '',
    '## Targets of the issue',
    '',
    table(findingTable(report)),
    '',
    '## Results',
    '',
    table(resultTable(report)),
    '',
    '## What each target returns',
    '',
    table(returnsTable(report)),
    '',
    '## Servers',
    '',
    table(serverTable(report)),
    '',
    ...replicaSection(report),
    '## Definitions',
    '',
    ...report.findings.map((f) => `- **${f.title}**: ${f.definition}.${f.note ? ` Note: ${f.note}.` : ''}`),
    `- **2xx/s**: successful answers per second in the best of ${report.rounds} round(s) (every round in \`rounds\`); errors, timeouts and non-2xx answers are counted apart, never as throughput.`,
    "- **p50 / p99**: latency of every answer of that round, from request written to response read, in ms; **answers** are that round's too.",
    '- **failed**: errors, timeouts and non-2xx answers summed over all rounds.',
    "- **others**: share of the whole machine's CPU that processes other than the benchmark and that server took during that round. A round above the plan's limit is run once more while the run's retry budget lasts; **rounds** lists every run, repeated ones included.",
    "- **÷ ceiling**: 2xx/s over the ceiling's 2xx/s for the same workload. The ceiling writes the mock's answer, so for Prism, whose answers have other sizes (see bytes/answer), it is only indicative.",
    '- **bytes/answer**: response bytes including headers.',
    '- **server CPU / loader CPU**: share of one core the server process and the load generator (this process, autocannon) used during that round. A loader near 100 % with a server well below it marks the row "(bound)": the load generator set the pace, so the figure is a lower bound of what the server can do. autocannon decodes every answer into a string, so large answers (pages) bind it first.',
    '',
    '## Method',
    '',
    `- Load: ${settings.loadGenerator}, ${settings.connections} keep-alive connections, no pipelining, on loopback, from the benchmark's own process; ` +
      'each server is a separate process started with the same Node, so server and load generator do not share an event loop.',
    `- Each workload: every target warmed up (discarded), then the targets take turns, ${report.rounds} round(s) each, and the best round counts: a burst of other work on a shared machine then spoils one round of one target, not a ratio. Durations are in \`bench/plans.ts\`. Requests still in flight when a round ends (at most one per connection) are not counted, and the next round waits until that server has finished with them (its CPU idle).`,
    '- Ceiling: a bare `node:http` server (`bench/ceiling-server.ts`) that reads the request and writes the bytes the mock answered to the same request, captured in this run.',
    `- Mock: \`node ${[...settings.mockNodeOptions, 'mock/cli/cli.ts'].join(' ')} --accounts ${settings.datasetSize}\` (what \`npm start\` runs, request log to /dev/null), a bearer token from \`mock/cli/token-cli.ts\`. ` +
      'One process serves the reads, then a fresh one per Bulk workload, as created accounts stay in memory.',
    `- Prism: ${settings.prism} serving the same document, without and with \`-d\`, log to /dev/null, paths without the \`/api\` prefix (Prism ignores the server URL's path).`,
    `- Scalar and Mockoon: ${(settings.peers ?? []).join(', ')} serving the same document from the file (offline), stopped with the run: Scalar's \`createMockServer\` on @hono/node-server (\`bench/peers/scalar-server.ts\`, paths without \`/api\`), Mockoon's CLI importing the OpenAPI document itself (\`bench/peers/mockoon.ts\`, paths under \`/api\`).`,
    `- Bulk bodies: the document's first request example, every account with an email no other request used; pages: \`pageSize=${settings.pageSize}\` at \`startIndex\` 0 and ${settings.deepStartIndex}, and \`pageSize=${settings.smallPageSize ?? 20}\` at 0; getAccount: the first account of the deep page.`,
    '- Start-up: from spawn() to the first 2xx answer to a first-page request, polled every 10 ms. Peak RSS: VmHWM of /proc/PID/status before the server is stopped.',
  ];
  if (report.profile) {
    const p = report.profile;
    sections.push(
      '',
      '## Profile of the mock under Bulk-10',
      '',
      `\`node --cpu-prof\` on a separate mock process under Bulk-10, start-up and warm-up left out: ${p.busyMs.toFixed(0)} ms of busy CPU sampled, idle ${percent(p.idleShare)} of the time. Shares are of the busy time.`,
      '',
      '### Time by area (Node internals charged to their caller)',
      '',
      lines(p.byArea),
      '',
      '### Self time by function',
      '',
      lines(p.bySelf),
      '',
      '### Inclusive time of our own functions',
      '',
      lines(p.ownInclusive),
    );
  }
  return `${sections.join('\n')}\n`;
}

function contentionLine(share: number | undefined): string {
  if (share === undefined) return 'CPU used by other processes during the run: not measured (no /proc).';
  const line = `CPU used by other processes during the run: ${percent(share)} of the machine.`;
  return share > 0.05
    ? `${line} **The machine was shared: the figures are pessimistic and noisier than on a quiet machine.**`
    : line;
}

function table(data: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const rule = data.head.map((_, i) => (data.right.includes(i) ? '---:' : '---'));
  return [data.head, rule, ...data.rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

function lines(entries: readonly ProfileLine[]): string {
  return table({
    head: ['Share', 'Where'],
    rows: entries.map((e) => [percent(e.share), `\`${e.name}\``]),
    right: [0],
  });
}

/** Bulk-10 with the changes in PostgreSQL (--store), beside the in-memory figure. */
function replicaSection({ replicas }: BenchReport): string[] {
  if (!replicas) return [];
  const head = ['## Replicas on PostgreSQL (--store)', ''];
  if ('skipped' in replicas) return [...head, `Not measured: ${replicas.skipped}.`, ''];
  return [
    ...head,
    `On a ${replicas.server} on the same machine, a fresh database per setup; with two replicas the connections are split between them from one load generator. Every request is one transaction holding the tenant's lock, so writes to one tenant do not scale with replicas; reads of the generated dataset do.`,
    '',
    table(replicaTable(replicas)),
    '',
  ];
}
