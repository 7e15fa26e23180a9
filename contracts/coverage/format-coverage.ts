import type { RunResult } from '../check.ts';

/**
 * The report's Coverage section: how many of the declared (operation, status) pairs the run saw
 * answered, per tag of the document, then per operation what was seen, what not, and the kinds of
 * rule put to it; and the seed that replays the generated cases.
 */
export function formatCoverage(result: Pick<RunResult, 'coverage' | 'generation'>): string[] {
  const lines: string[] = [];
  if (result.generation) {
    const { seed, maxExamples } = result.generation;
    lines.push(
      '',
      `Generated cases: seed ${seed}, up to ${maxExamples} per operation and kind (--seed ${seed} replays them)`,
    );
  }
  const { coverage } = result;
  if (!coverage) return lines;
  const { total } = coverage;
  lines.push(
    '',
    `Coverage: ${total.percent} % of the declared (operation, status) pairs seen answered (${total.seen} of ${total.declared})`,
    `  by tag: ${Object.entries(coverage.byTag)
      .map(([tag, f]) => `${tag} ${f.percent} % (${f.seen}/${f.declared})`)
      .join(', ')}`,
  );
  const width = Math.max(...coverage.operations.map((o) => o.operationId.length));
  for (const operation of coverage.operations) {
    const missing = operation.declared.filter((status) => !operation.seen.includes(status));
    lines.push(
      `  ${operation.operationId.padEnd(width)}  seen ${operation.seen.join(' ') || 'none'}${missing.length > 0 ? `; not seen ${missing.join(' ')}` : ''}; rules: ${operation.ruleKinds.join(', ') || 'none'}`,
    );
  }
  return lines;
}

/** The same as JUnit properties (name, value), for CI views that chart them. */
export function coverageProperties(result: Pick<RunResult, 'coverage' | 'generation'>): [string, string][] {
  const properties: [string, string][] = [];
  if (result.generation) {
    properties.push(['generated.seed', String(result.generation.seed)]);
    properties.push(['generated.max-examples', String(result.generation.maxExamples)]);
  }
  const { coverage } = result;
  if (!coverage) return properties;
  const { total } = coverage;
  properties.push(['coverage.statuses', `${total.percent}% (${total.seen}/${total.declared})`]);
  for (const [tag, f] of Object.entries(coverage.byTag))
    properties.push([`coverage.tag.${tag}`, `${f.percent}% (${f.seen}/${f.declared})`]);
  for (const operation of coverage.operations) {
    const missing = operation.declared.filter((status) => !operation.seen.includes(status));
    properties.push([
      `coverage.operation.${operation.operationId}`,
      `seen ${operation.seen.join(',')}; not seen ${missing.join(',')}; rules ${operation.ruleKinds.join(',')}`,
    ]);
  }
  return properties;
}
