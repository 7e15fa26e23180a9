import type { ApiPlan, LinkPlan } from '../../openapi/operation-plan.ts';
import type { CallOptions } from '../../client/http-client.ts';
import { evaluate, type ExpressionScope } from './runtime-expression.ts';

/**
 * The request a link describes, from the exchange it follows: each parameter in its place (the
 * key's `path.`/`query.`/`header.` prefix, else where the target operation declares that name),
 * and its request body.
 */
export function linkRequest(plan: ApiPlan, link: LinkPlan, scope: ExpressionScope): CallOptions {
  const target = plan.operation(link.operationId);
  const params: Record<string, string | number> = {};
  const query: Record<string, string | number> = {};
  const headers: Record<string, string> = {};
  for (const [key, expression] of Object.entries(link.parameters)) {
    const prefixed = /^(path|query|header)\.(.+)$/.exec(key);
    const qualified = prefixed?.[1];
    const name = prefixed?.[2] ?? key;
    const where =
      qualified ??
      [...target.parameters.path, ...target.parameters.query, ...target.parameters.header].find(
        (p) => p.name === name,
      )?.in;
    const value = evaluate(expression, scope);
    if (value === undefined || value === null) continue;
    const text = typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
    if (where === 'path') params[name] = text;
    else if (where === 'header') headers[name] = String(text);
    else query[name] = text;
  }
  return {
    params,
    query,
    headers,
    ...(link.requestBody === undefined ? {} : { body: evaluate(link.requestBody, scope) }),
  };
}
