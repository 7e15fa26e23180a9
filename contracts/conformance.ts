import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan } from '../openapi/operation-plan.ts';
import { describeValue } from '../client/describe-value.ts';
import type { Exchange } from '../client/http-client.ts';
import type { ValidateAgainst } from './schema-validator.ts';

/**
 * What is wrong with one response, by one rule; the location is added by the caller. `assumption`
 * names the kit's assumption the rule is, when it is one (else the rule is Kibo's contract).
 */
export interface Finding {
  readonly message: string;
  readonly assumption?: string;
}

const finding = (message: string, assumption?: string): Finding =>
  assumption === undefined ? { message } : { message, assumption };

/** At most this many schema findings per response: the first ones say what is wrong. */
const maxBodyFindings = 10;

export function statusFindings(plan: ApiPlan, exchange: Exchange): Finding[] {
  const entry = plan.operation(exchange.operationId);
  if (entry.response(exchange.status)) return [];
  // Kibo publishes the success status; which errors an operation answers is the kit's account.
  const success = exchange.status >= 200 && exchange.status < 300;
  const errors = plan.assumptions.find((a) => a.id === errorStatuses)?.id;
  return [
    finding(
      `status ${exchange.status} is not declared; ${entry.operationId} declares ${entry.statuses.join(', ')}`,
      success ? undefined : errors,
    ),
  ];
}

/** The document-wide assumption of which error statuses each operation answers. */
export const errorStatuses = 'error-statuses';

export function contentTypeFindings(plan: ApiPlan, exchange: Exchange): Finding[] {
  const response = plan.operation(exchange.operationId).response(exchange.status);
  if (!response) return [];
  const declared = Object.keys(response.content ?? {});
  const actual = mediaType(exchange.headers);
  if (declared.length === 0) {
    return exchange.text === ''
      ? []
      : [
          finding(
            `no body is declared for ${exchange.status}, got ${exchange.text.length} bytes (${actual ?? 'no Content-Type'})`,
          ),
        ];
  }
  if (actual === undefined) return [finding(`Content-Type is missing; declared: ${declared.join(', ')}`)];
  if (declared.includes(actual)) return [];
  return [finding(`Content-Type is ${actual}; declared: ${declared.join(', ')}`)];
}

export function bodyFindings(plan: ApiPlan, exchange: Exchange, validate: ValidateAgainst): Finding[] {
  const response = plan.operation(exchange.operationId).response(exchange.status);
  const media = response ? jsonMedia(response, mediaType(exchange.headers)) : undefined;
  if (!media?.schema) return [];
  if (!exchange.parsed)
    return [finding(`body must be JSON (declared ${media.type}), got ${describeValue(exchange.text)}`)];
  const problems = validate(media.schema, exchange.json);
  const findings = problems
    .slice(0, maxBodyFindings)
    .map((problem) =>
      finding(
        `${problem.pointer} ${problem.message}`,
        plan.assumptionOf(problem.schema, problem.keyword)?.id,
      ),
    );
  if (problems.length > maxBodyFindings) {
    // The rest counts as the kit's assumption only when every one of them is one (the first named).
    const rest = problems.slice(maxBodyFindings).map((p) => plan.assumptionOf(p.schema, p.keyword)?.id);
    const onlyAssumptions = rest.every((id) => id !== undefined);
    findings.push(
      finding(
        `… and ${problems.length - maxBodyFindings} more schema violations`,
        onlyAssumptions ? rest[0] : undefined,
      ),
    );
  }
  return findings;
}

export function headerFindings(plan: ApiPlan, exchange: Exchange, validate: ValidateAgainst): Finding[] {
  const response = plan.operation(exchange.operationId).response(exchange.status);
  const findings: Finding[] = [];
  for (const [name, declared] of Object.entries(response?.headers ?? {})) {
    const header = declared as OpenAPIV3_1.HeaderObject;
    const value = exchange.headers.get(name);
    if (value === null) {
      if (header.required === true) {
        findings.push(
          finding(`header ${name} is required but missing`, plan.assumptionOf(header, 'required')?.id),
        );
      }
      continue;
    }
    const schema = header.schema as OpenAPIV3_1.SchemaObject | undefined;
    if (!schema) continue;
    // Header values are strings on the wire; an integer header is judged by its digits.
    const typed = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
    for (const problem of validate(schema, typed)) {
      findings.push(
        finding(`header ${name} ${problem.message}`, plan.assumptionOf(problem.schema, problem.keyword)?.id),
      );
    }
  }
  return findings;
}

/** The media type of a response, lower-cased, without parameters such as charset. */
export function mediaType(headers: Headers): string | undefined {
  const value = headers.get('content-type');
  if (value === null) return undefined;
  return value.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The declared JSON content to judge a body by: the one the response claims, else the first JSON one. */
function jsonMedia(
  response: OpenAPIV3_1.ResponseObject,
  actual: string | undefined,
): { type: string; schema: OpenAPIV3_1.SchemaObject | undefined } | undefined {
  const content = response.content ?? {};
  const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');
  const type =
    actual !== undefined && content[actual] && isJson(actual) ? actual : Object.keys(content).find(isJson);
  return type === undefined ? undefined : { type, schema: content[type]?.schema };
}
