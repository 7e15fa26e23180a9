// The contract suite as vitest tests, one per check, in run order. Started by cli.ts, which
// provides the settings; run it through the CLI, not through the project's own vitest config.
import { inject, test } from 'vitest';
import { renderViolation } from './check.ts';
import { allChecks } from './checks/all-checks.ts';
import { createRunContext, type RunContext } from './run-context.ts';
import { runCheck } from './run-checks.ts';
import './vitest-augmentation.ts';

const settings = inject('contractSettings');
// Undefined when plain vitest runs this file instead of the CLI.
if (!settings)
  throw new Error(
    'The contract suite needs its settings: run it with `npm run contracts -- …` (contracts/cli.ts)',
  );
const context: RunContext = await createRunContext(settings.target, { timeoutMs: settings.timeoutMs });
const checks = allChecks(context.plan, settings.only);

for (const check of checks) {
  test(`${check.id}: ${check.title}`, async ({ task, skip }) => {
    const result = await runCheck(check, context, settings.strict);
    task.meta.contract = result;
    task.meta.contractRunId = context.data.runId;
    task.meta.contractLeftovers = [...context.leftovers];
    if (result.status === 'skipped') skip(result.skipReason);
    // Not a failure: the target does not share one of the kit's assumptions (see the report).
    if (result.status === 'differs')
      skip(
        `the target does not share this assumption: ${renderViolation(result.violations[0] ?? { location: check.id, message: '' })}`,
      );
    if (result.status === 'failed') {
      throw new Error(
        `${check.id} — ${check.rule}\n${result.violations.map((v) => `- ${renderViolation(v)}`).join('\n')}`,
      );
    }
  });
}
