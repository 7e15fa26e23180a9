import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check, type Violation } from '../check.ts';
import {
  bodyFindings,
  contentTypeFindings,
  headerFindings,
  statusFindings,
  type Finding,
} from '../conformance.ts';
import { locate, type Exchange } from '../../client/http-client.ts';
import type { RunContext } from '../run-context.ts';

type Judge = (context: RunContext, exchange: Exchange) => Finding[];

/**
 * Rules every response must keep, whatever the check that asked for it: these checks run last
 * and judge every response the run received.
 */
export function conformanceChecks(_plan: ApiPlan): Check[] {
  return [
    conformance(
      'conformance.status-declared',
      'Every status is one the operation declares',
      'responses: each operation lists the statuses it may answer with; any other status breaks the contract',
      (context, exchange) => statusFindings(context.plan, exchange),
    ),
    conformance(
      'conformance.content-type',
      'Every Content-Type is the declared one',
      'responses.<status>.content: the media types the operation declares for that status (none: no body)',
      (context, exchange) => contentTypeFindings(context.plan, exchange),
    ),
    conformance(
      'conformance.body-schema',
      'Every body validates against the schema of its status',
      'responses.<status>.content.application/json.schema, validated as JSON Schema 2020-12 with formats',
      (context, exchange) => bodyFindings(context.plan, exchange, context.validate),
    ),
    conformance(
      'conformance.required-headers',
      'Declared headers are present and valid',
      'responses.<status>.headers: `required: true` headers (WWW-Authenticate on 401) must be sent; any declared header sent must match its schema',
      (context, exchange) => headerFindings(context.plan, exchange, context.validate),
    ),
  ];
}

function conformance(id: string, title: string, rule: string, judge: Judge): Check {
  return {
    group: 'conformance',
    id,
    title,
    rule,
    run(context) {
      // Copied first: the judging itself sends nothing, but the list must not grow underneath us.
      const exchanges = [...context.exchanges];
      if (exchanges.length === 0) skip('no responses were recorded: no other check sent a request');
      return Promise.resolve(
        collapse(
          exchanges.flatMap((exchange) => judge(context, exchange).map((finding) => ({ exchange, finding }))),
        ),
      );
    },
  };
}

/**
 * The same finding on the same operation and status is reported once, naming the checks whose
 * requests showed it: twelve 401s without WWW-Authenticate are one broken rule, not twelve.
 */
function collapse(found: { exchange: Exchange; finding: Finding }[]): Violation[] {
  const byKey = new Map<string, { location: string; finding: Finding; checks: Set<string> }>();
  for (const { exchange, finding } of found) {
    const location = locate(exchange);
    const key = `${location}\n${finding.message}`;
    const entry = byKey.get(key) ?? { location, finding, checks: new Set<string>() };
    entry.checks.add(exchange.checkId);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ location, finding, checks }) => ({
    location,
    message: `${finding.message} [seen in ${listChecks([...checks])}]`,
    ...(finding.assumption === undefined ? {} : { assumption: finding.assumption }),
  }));
}

function listChecks(checks: string[]): string {
  const shown = checks.slice(0, 3).join(', ');
  return checks.length > 3 ? `${shown} and ${checks.length - 3} more` : shown;
}
