import { valueAtPointer } from '../../openapi/schema-validator.ts';

/** What a link's runtime expressions read: the request sent and the response received. */
export interface ExpressionScope {
  readonly request: {
    readonly body: unknown;
    readonly path: Readonly<Record<string, unknown>>;
    readonly query: Readonly<Record<string, unknown>>;
    readonly header: Readonly<Record<string, string>>;
  };
  readonly response: { readonly body: unknown };
}

// OpenAPI 3.1 §4.8.20 runtime expressions, the forms links use: a body pointer or a named part.
const whole = /^\$(request|response)\.(body)(#\/.*)?$|^\$(request)\.(path|query|header)\.([\w-]+)$/;
const embedded = /\{(\$[^{}]+)\}/g;

/**
 * The value of a link's parameter or request body: a runtime expression is read from the
 * exchange, one embedded in a string (`'{$response.body#/emailAddress}'`) is replaced in it,
 * objects and arrays are evaluated member by member, anything else is a constant.
 */
export function evaluate(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') {
    if (whole.test(value)) return read(value, scope);
    return value.replace(embedded, (_, expression: string) => asText(read(expression, scope)));
  }
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, evaluate(child, scope)]));
  return value;
}

function read(expression: string, scope: ExpressionScope): unknown {
  const match = whole.exec(expression);
  if (!match) throw new Error(`not a runtime expression this suite reads: ${expression}`);
  const [, side, , pointer, , part, name] = match;
  if (side !== undefined) {
    const body = side === 'request' ? scope.request.body : scope.response.body;
    return pointer === undefined ? body : valueAtPointer(body, pointer.slice(1));
  }
  const source = scope.request[part as 'path' | 'query' | 'header'];
  return name === undefined ? undefined : source[part === 'header' ? name.toLowerCase() : name];
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
