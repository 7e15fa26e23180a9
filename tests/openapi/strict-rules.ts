import type { OpenAPIV3_1 } from 'openapi-types';
import { isRecord } from './helpers.ts';

type Node = Record<string, unknown>;
type Path = readonly (string | number)[];

/** Where a rule sits, in Kibo's terms where it can be: a schema's field, an operation's parameter. */
export interface RuleContext {
  readonly schema?: string;
  readonly field?: string;
  readonly operationId?: string;
  readonly parameter?: string;
  /** The parameter is a path parameter: OpenAPI makes it required, Kibo's too. */
  readonly inPath?: boolean;
}

/** One keyword of the document that makes it stricter than a bare type would: a rule to account for. */
export interface RuleSite {
  /** `components.schemas.CustomerAccount.properties.firstName`, `addAccounts responses`. */
  readonly where: string;
  /** The keyword, the extension, or on a responses map the status code. */
  readonly keyword: string;
  readonly value: unknown;
  /** Where the object carrying it sits in the document, key by key. */
  readonly path: readonly (string | number)[];
  /** The object carrying it, where a mark (`x-kit-assumption`) would be. */
  readonly node: Node;
  readonly context: RuleContext;
}

/*
 * Every keyword that states a rule, by the kind of object carrying it. A `default` is a rule too:
 * it says what the server makes of a value left out, a promise a client may lean on.
 */
export const schemaKeywords = [
  'default',
  'required',
  'additionalProperties',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'enum',
  'const',
  'not',
  'x-unique-keys',
  'x-default-from',
  'x-write-only',
  'x-required-behavior',
  'x-default-lifetime-minutes',
];
export const operationKeywords = [
  'x-required-behaviors',
  'x-all-or-nothing',
  'x-batch-echo',
  'x-scan-limit',
  'x-not-deletable-while',
  'x-ignored-fields',
  'x-kept-when-absent',
  'x-replaces',
  'x-one-primary-per-type',
  'x-user-claims-account',
  'x-lockout-after',
  'x-code-lifetime-minutes',
];
/** `required` first: a path parameter is required by OpenAPI itself, so it is not counted there. */
export const parameterKeywords = [
  'required',
  'x-refuse-malformed',
  'x-matches-field',
  'x-field-selection',
  'x-response-groups',
  'x-search-fields',
];
export const bodyKeywords = ['required', 'x-max-body-bytes', 'x-max-json-depth'];
export const headerKeywords = ['required'];
const int32Max = 2 ** 31 - 1;

/** Whether a keyword's value restricts anything (`required: []`, `additionalProperties: true` do not). */
function restricts(node: Node, keyword: string): boolean {
  const value = node[keyword];
  if (keyword === 'additionalProperties') return value === false || isRecord(value);
  // `default: false` promises a value as much as `default: true` does.
  if (keyword === 'default') return value !== undefined;
  if (value === undefined || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  // int32's own bounds say no more than the format does.
  if (node.format === 'int32' && keyword === 'maximum') return value !== int32Max;
  return true;
}

/** Every rule of the document, as written (a `$ref` is followed where it is defined, once). */
export function strictRules(source: OpenAPIV3_1.Document): RuleSite[] {
  const found: RuleSite[] = [];
  // A `$ref` with sibling keywords (`account: {$ref, required: [emailAddress]}`) states those too.
  const take = (
    node: unknown,
    keywords: readonly string[],
    where: string,
    path: Path,
    context: RuleContext,
  ) => {
    if (!isRecord(node)) return;
    for (const keyword of keywords) {
      if (restricts(node, keyword)) found.push({ where, keyword, value: node[keyword], path, node, context });
    }
  };
  const schema = (node: unknown, where: string, path: Path, context: RuleContext) => {
    if (!isRecord(node)) return;
    take(node, schemaKeywords, where, path, context);
    if ('$ref' in node) return;
    for (const [name, child] of Object.entries(isRecord(node.properties) ? node.properties : {})) {
      const field = context.field === undefined && context.schema !== undefined ? name : undefined;
      schema(child, `${where}.properties.${name}`, [...path, 'properties', name], { ...context, field });
    }
    // `if` only asks a question; what `then` / `else` require are the rules.
    for (const key of ['items', 'then', 'else', 'not', 'additionalProperties']) {
      const field = key === 'items' ? context.field : undefined;
      schema(node[key], `${where}.${key}`, [...path, key], { ...context, field });
    }
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
      const list = node[key];
      if (Array.isArray(list))
        list.forEach((child, i) => schema(child, `${where}.${key}[${i}]`, [...path, key, i], context));
    }
  };
  const parameter = (node: unknown, where: string, path: Path, context: RuleContext) => {
    if (!isRecord(node) || '$ref' in node) return;
    const named = { ...context, parameter: String(node.name), inPath: node.in === 'path' };
    take(node, node.in === 'path' ? parameterKeywords.slice(1) : parameterKeywords, where, path, named);
    schema(node.schema, `${where}.schema`, [...path, 'schema'], named);
  };
  const header = (node: unknown, where: string, path: Path) => {
    if (!isRecord(node) || '$ref' in node) return;
    take(node, headerKeywords, where, path, {});
    schema(node.schema, `${where}.schema`, [...path, 'schema'], {});
  };
  const content = (node: unknown, where: string, path: Path, context: RuleContext) => {
    for (const [type, media] of Object.entries(isRecord(node) ? node : {})) {
      if (isRecord(media))
        schema(media.schema, `${where}.content.${type}.schema`, [...path, type, 'schema'], context);
    }
  };
  const response = (node: unknown, where: string, path: Path, context: RuleContext) => {
    if (!isRecord(node) || '$ref' in node) return;
    for (const [name, child] of Object.entries(isRecord(node.headers) ? node.headers : {})) {
      header(child, `${where}.headers.${name}`, [...path, 'headers', name]);
    }
    content(node.content, where, [...path, 'content'], context);
  };

  const components = source.components ?? {};
  for (const [name, node] of Object.entries(components.schemas ?? {})) {
    schema(node, `components.schemas.${name}`, ['components', 'schemas', name], { schema: name });
  }
  for (const [name, node] of Object.entries(components.parameters ?? {})) {
    parameter(node, `components.parameters.${name}`, ['components', 'parameters', name], {});
  }
  for (const [name, node] of Object.entries(components.headers ?? {})) {
    header(node, `components.headers.${name}`, ['components', 'headers', name]);
  }
  for (const [name, node] of Object.entries(components.responses ?? {})) {
    response(node, `components.responses.${name}`, ['components', 'responses', name], {});
  }
  for (const [path, item] of Object.entries(source.paths ?? {})) {
    if (!item) continue;
    const at = ['paths', path];
    (item.parameters ?? []).forEach((p, i) =>
      parameter(p, `paths.${path}.parameters[${i}]`, [...at, 'parameters', i], {}),
    );
    for (const [method, operation] of Object.entries(item)) {
      if (!isRecord(operation) || !('responses' in operation)) continue;
      const operationId = String(operation.operationId ?? path);
      const here = [...at, method];
      const context: RuleContext = { operationId };
      take(operation, operationKeywords, operationId, here, context);
      const parameters = Array.isArray(operation.parameters) ? (operation.parameters as unknown[]) : [];
      parameters.forEach((p, i) =>
        parameter(p, `${operationId} parameters[${i}]`, [...here, 'parameters', i], context),
      );
      const body = operation.requestBody;
      if (isRecord(body) && !('$ref' in body)) {
        take(body, bodyKeywords, `${operationId} requestBody`, [...here, 'requestBody'], context);
        content(body.content, `${operationId} requestBody`, [...here, 'requestBody', 'content'], context);
      }
      const responses = operation.responses as Node;
      for (const [status, child] of Object.entries(responses)) {
        if (!/^\d{3}$/.test(status)) continue;
        const where = `${operationId} responses`;
        found.push({
          where,
          keyword: status,
          value: child,
          path: [...here, 'responses'],
          node: responses,
          context,
        });
        response(child, `${where}.${status}`, [...here, 'responses', status], context);
      }
    }
  }
  return found;
}

/** The mark on a node: keyword (or status code) to the id of the assumption it states. */
export function marksOf(node: Node): Record<string, string> {
  const marks = node['x-kit-assumption'];
  return isRecord(marks) ? (marks as Record<string, string>) : {};
}
