import { formatCount, formatDuration, ratePerSecond } from './format.ts';
import type { SeedResult } from './seeder.ts';

const failuresShown = 10;

/** What the run did, for people: the counts, time and rate, then each failed batch and what to do. */
export function formatSummary(result: SeedResult, where: string | undefined): string {
  const thisRun = result.created + result.alreadyThere + result.failed;
  const rate = ratePerSecond(where === undefined ? result.written : thisRun, result.durationMs);
  const rows: [string, string][] =
    where === undefined
      ? [['written', formatCount(result.written)]]
      : [
          ['created', formatCount(result.created)],
          ['already there', alreadyThere(result)],
          ['failed', formatCount(result.failed)],
          ...(result.notSent > 0 ? [['not sent', formatCount(result.notSent)] as [string, string]] : []),
        ];
  rows.push(
    ['duration', formatDuration(result.durationMs)],
    ['rate', rate === undefined ? '–' : `${formatCount(rate)} accounts/s`],
    ['dataset clock', `${result.now} (--now to generate the same accounts again)`],
  );
  if (result.statePath !== undefined) rows.push(['state', result.statePath]);
  if (result.outPath !== undefined) rows.push(['file', result.outPath]);

  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    where === undefined
      ? `Generated ${formatCount(result.total)} accounts`
      : `Seeded ${formatCount(result.total)} accounts into ${where}`,
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
  ];
  if (result.failures.length > 0) {
    lines.push('Failed batches:');
    for (const failure of result.failures.slice(0, failuresShown)) {
      lines.push(`  accounts ${failure.start}–${failure.end - 1}: ${failure.message}`);
    }
    const more = result.failures.length - failuresShown;
    if (more > 0) lines.push(`  … and ${formatCount(more)} more`);
  }
  if (result.stopReason !== undefined) lines.push(`Stopped early: ${result.stopReason}`);
  if (result.interrupted) lines.push('Interrupted: run the same command again to resume.');
  else if (result.failed > 0 || result.notSent > 0)
    lines.push('Run the same command again to retry what is missing; nothing is created twice.');
  return `${lines.join('\n')}\n`;
}

function alreadyThere(result: SeedResult): string {
  const total = formatCount(result.alreadyThere + result.fromCheckpoint);
  const parts = [
    result.fromCheckpoint > 0 ? `${formatCount(result.fromCheckpoint)} per the state file` : undefined,
    result.alreadyThere > 0 ? `${formatCount(result.alreadyThere)} answered 409` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 2
    ? `${total} (${parts.join(', ')})`
    : `${total}${parts[0] ? ` (${parts[0]})` : ''}`;
}
