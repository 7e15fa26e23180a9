import { locate } from '../../client/http-client.ts';
import type { Check, RunResult, Violation } from '../check.ts';
import { conformanceChecks } from '../checks/conformance.ts';
import { runCheck, summarize } from '../run-checks.ts';
import { createRunContext } from '../run-context.ts';
import type { ProxiedExchange } from './proxy-app.ts';

export interface JudgeOptions {
  /** What the traffic went to, for the report's header. */
  readonly upstream: string;
  readonly strict: boolean;
  readonly documentPath?: string;
}

/**
 * The proxy's verdict on the traffic it saw: the suite's own conformance checks over every
 * answer (the same ids, rules and collapsing), and the request rules: a request the document
 * refuses must not be answered with a success. The same RunResult as a run of the suite, so the
 * same text report, JSON and JUnit come out of it.
 */
export async function judgeTraffic(
  seen: readonly ProxiedExchange[],
  options: JudgeOptions,
): Promise<RunResult> {
  const base = await createRunContext(
    { baseUrl: options.upstream },
    options.documentPath === undefined ? {} : { documentPath: options.documentPath },
  );
  // The checks read only the exchanges, the plan and the validator: the run context's client stays unused.
  const context = { ...base, exchanges: seen.map((s) => s.exchange) };
  const checks = [refusedRequestsCheck(seen), ...conformanceChecks(context.plan)];
  const results = [];
  for (const check of checks) results.push(await runCheck(check, context, options.strict));
  return summarize(context, results, options.strict);
}

function refusedRequestsCheck(seen: readonly ProxiedExchange[]): Check {
  return {
    group: 'bad-input',
    id: 'bad-input.accepted-in-traffic',
    title: 'A request the document refuses is not answered with a success',
    rule: "parameters and requestBody: a required parameter missing, or a parameter or body that breaks its schema → a 4xx with Kibo's error body, never a 2xx",
    run() {
      const violations: Violation[] = [];
      for (const { exchange, requestFindings } of seen) {
        if (requestFindings.length === 0 || exchange.status < 200 || exchange.status >= 300) continue;
        for (const finding of requestFindings) {
          violations.push({
            location: locate(exchange),
            message: `answered ${exchange.status} to a request the document refuses: ${finding.message}`,
            ...(finding.assumption === undefined ? {} : { assumption: finding.assumption }),
          });
        }
      }
      return Promise.resolve(violations);
    },
  };
}
