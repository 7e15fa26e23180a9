import type { ApiPlan, LinkPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { locate, type CallOptions, type Exchange } from '../../client/http-client.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { expectDeclaredError, expectStatus, expectSuccess } from '../expectations.ts';
import type { RunContext } from '../run-context.ts';
import { shopperOnDemand } from '../shopper-fixture.ts';
import { validRequest } from '../valid-request.ts';
import { linkRequest } from './link-request.ts';
import type { ExpressionScope } from './runtime-expression.ts';

/** The id of what the sequence created: the path parameter its delete link names. */
type ResourceId = string | number | undefined;

interface Step {
  readonly link: LinkPlan;
  readonly target: OperationPlan;
}

/**
 * A stateful sequence per operation whose success answer declares OpenAPI `links`: create, then
 * follow every link (reads first, then writes such as an update or a sign-in) and expect each to
 * succeed, with a list finding what was created; then the links to a delete; then every other
 * link again, each now refused (404 for what names the deleted resource, the declared refusal
 * for a sign-in or a shopper's claims, a list no longer holding it).
 */
export function sequenceChecks(plan: ApiPlan): Check[] {
  return plan.operations
    .filter((operation) => operation.success.links.length > 0)
    .map((source) => ({
      group: 'sequences',
      id: `sequences.${source.operationId}-links`,
      title: `${source.operationId}, then its links: ${source.success.links.map((l) => l.operationId).join(', ')}`,
      rule: `responses.${source.success.status}.links of ${source.operationId}: each link's operation accepts what it is given (a list finds the new resource); after the delete link, each is refused (use after delete)`,
      run: (context) => cleaningUp(context, () => walk(context, source)),
    }));
}

async function walk(context: RunContext, source: OperationPlan): Promise<Violation[]> {
  const { plan } = context;
  const sent = await validRequest(
    context,
    source,
    context.data.label('seq'),
    shopperOnDemand(context, 'seq'),
  );
  if (!sent) skip(`the suite cannot build a valid ${source.operationId} request to start from`);
  const created = await context.call(source.operationId, sent);
  const started = expectSuccess(plan, created, `${source.operationId}, where its links start`);
  if (started.length > 0) return started;
  const scope = scopeOf(sent, created);
  const steps = source.success.links.map((link) => ({ link, target: plan.operation(link.operationId) }));
  const deletes = steps.filter((step) => step.target.method === 'DELETE');
  const others = [
    ...steps.filter((step) => step.target.method === 'GET'),
    ...steps.filter((step) => step.target.method !== 'GET' && step.target.method !== 'DELETE'),
  ];
  const resourceId = deletes.map(
    (step) => Object.values(linkRequest(plan, step.link, scope).params ?? {})[0],
  )[0];
  const violations: Violation[] = [];
  for (const step of others) violations.push(...(await before(context, step, scope, resourceId)));
  if (deletes.length === 0) return violations;
  for (const step of deletes) {
    const reply = await follow(context, step, scope);
    violations.push(...expectSuccess(plan, reply, `link ${step.link.name}`));
  }
  for (const step of others) violations.push(...(await after(context, step, scope, resourceId)));
  return violations;
}

async function before(
  context: RunContext,
  step: Step,
  scope: ExpressionScope,
  resourceId: ResourceId,
): Promise<Violation[]> {
  const reply = await follow(context, step, scope);
  const violations = expectSuccess(context.plan, reply, `link ${step.link.name}, before the delete`);
  if (violations.length === 0 && resourceId !== undefined && isSearch(step) && !lists(reply, resourceId))
    violations.push({
      location: locate(reply),
      message: `link ${step.link.name}: the page does not list the resource just created (id ${String(resourceId)})`,
    });
  return violations;
}

async function after(
  context: RunContext,
  step: Step,
  scope: ExpressionScope,
  resourceId: ResourceId,
): Promise<Violation[]> {
  const { plan } = context;
  const request = linkRequest(plan, step.link, scope);
  const reply = await context.call(step.target.operationId, request);
  const why = `link ${step.link.name} after the delete`;
  if (isSearch(step)) {
    const listed = resourceId !== undefined && lists(reply, resourceId);
    return [
      ...expectSuccess(plan, reply, why),
      ...(listed
        ? [
            {
              location: locate(reply),
              message: `${why}: the page still lists the deleted resource (id ${String(resourceId)})`,
            },
          ]
        : []),
    ];
  }
  const refusals =
    Object.keys(request.params ?? {}).length > 0 && step.target.statuses.includes(404)
      ? [404]
      : step.target.statuses.filter(
          (status) => status > 400 && status < 500 && ![413, 415, 429].includes(status),
        );
  const assumption =
    refusals.length === 1 ? plan.assumptionOf(step.target.response(refusals[0] ?? 0), 'status') : undefined;
  return [...expectStatus(reply, refusals, why, assumption), ...expectDeclaredError(context, reply)];
}

function follow(context: RunContext, step: Step, scope: ExpressionScope): Promise<Exchange> {
  return context.call(step.target.operationId, linkRequest(context.plan, step.link, scope));
}

function scopeOf(sent: CallOptions, created: Exchange): ExpressionScope {
  return {
    request: {
      body: sent.body,
      path: sent.params ?? {},
      query: sent.query ?? {},
      header: Object.fromEntries(
        Object.entries(sent.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    },
    response: { body: created.json },
  };
}

/** A link that looks the resource up by a query (no path parameter) in a page of `items`: a list that should find it. */
function isSearch(step: Step): boolean {
  const linkNamesPath = Object.keys(step.link.parameters).some(
    (key) => key.startsWith('path.') || step.target.parameters.path.some((p) => p.name === key),
  );
  return !linkNamesPath && step.target.success.schema?.properties?.items !== undefined;
}

function lists(reply: Exchange, id: string | number): boolean {
  const items = (reply.json as { items?: unknown } | undefined)?.items;
  return (
    Array.isArray(items) && items.some((item) => String((item as { id?: unknown } | null)?.id) === String(id))
  );
}
