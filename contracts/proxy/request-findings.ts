import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { errorStatuses, mediaType, type Finding } from '../conformance.ts';
import type { ValidateAgainst } from '../schema-validator.ts';

/** A request as the proxy saw it, before it was forwarded. */
export interface SeenRequest {
  /** The path's parameters, as the path matcher read them from the template. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * What the document refuses in a request: a required parameter missing, a parameter or a JSON
 * body that breaks its schema, a body of an undeclared media type. Each finding names the kit's
 * assumption it rests on; one that rests on none still rests on the kit's account of which
 * errors an operation answers, as Kibo publishes no 400s.
 */
export function requestFindings(
  plan: ApiPlan,
  operation: OperationPlan,
  request: SeenRequest,
  validate: ValidateAgainst,
): Finding[] {
  const findings: Finding[] = [];
  const add = (message: string, schema?: object, keyword?: string) => {
    const assumption =
      (schema && keyword ? plan.assumptionOf(schema, keyword)?.id : undefined) ??
      plan.assumptions.find((a) => a.id === errorStatuses)?.id;
    findings.push(assumption === undefined ? { message } : { message, assumption });
  };
  const { path, query, header } = operation.parameters;
  for (const [where, parameters, read] of [
    ['path', path, (name: string) => request.params[name] ?? null],
    ['query', query, (name: string) => request.query.get(name)],
    ['header', header, (name: string) => request.headers.get(name)],
  ] as const) {
    for (const parameter of parameters) {
      const value = read(parameter.name);
      if (value === null) {
        if (parameter.required === true)
          add(`${where} parameter ${parameter.name} is required but missing`, parameter, 'required');
        continue;
      }
      const schema = parameter.schema as OpenAPIV3_1.SchemaObject | undefined;
      if (!schema) continue;
      for (const problem of validate(schema, typed(schema, value))) {
        add(`${where} parameter ${parameter.name} ${problem.message}`, problem.schema, problem.keyword);
      }
    }
  }
  checkBody(operation, request, validate, add);
  return findings;
}

function checkBody(
  operation: OperationPlan,
  request: SeenRequest,
  validate: ValidateAgainst,
  add: (message: string, schema?: object, keyword?: string) => void,
): void {
  const { body } = operation;
  if (!body) return;
  if (request.text === '') {
    if (body.required) add('a body is required but none was sent');
    return;
  }
  const type = mediaType(request.headers);
  if (type === undefined || !body.mediaTypes.includes(type)) {
    if (body.refusesOtherMediaTypes)
      add(`body of media type ${type ?? '(none)'}; declared: ${body.mediaTypes.join(', ')}`);
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(request.text);
  } catch {
    add('body is not JSON');
    return;
  }
  for (const problem of validate(body.schema, json).slice(0, 10)) {
    add(`body ${problem.pointer} ${problem.message}`, problem.schema, problem.keyword);
  }
}

/** Parameters arrive as strings: a number or boolean schema judges what the string reads as. */
function typed(schema: OpenAPIV3_1.SchemaObject, value: string): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
