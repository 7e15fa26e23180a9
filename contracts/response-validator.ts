import type { LoadedDocument, OperationEntry } from '../openapi/load-document.ts';
import { bodyFindings, contentTypeFindings, headerFindings, statusFindings } from './conformance.ts';
import type { Exchange } from '../client/http-client.ts';
import { createSchemaValidator } from './schema-validator.ts';

/** A response as any test or tool saw it, for a concrete path relative to the API base (`…/api`). */
export interface ResponseToJudge {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /**
   * Accepted for callers that have it. A responseFields-trimmed body needs no special case: the
   * document's success schemas require no property, so a subset still validates.
   */
  readonly query?: URLSearchParams;
}

export interface ResponseValidator {
  /**
   * The conformance findings for one response: undeclared status, Content-Type, body schema
   * (JSON pointer, expected vs actual), declared headers. A route the document does not declare
   * (a 404 for an unknown path, a 405 for a method) has no rules to break, so it yields none.
   */
  validate(response: ResponseToJudge): string[];
}

/** The conformance rules of the contract suite, for one response at a time (the mock's tests use it). */
export function createResponseValidator(loaded: LoadedDocument): ResponseValidator {
  const validate = createSchemaValidator();
  const routes = loaded.operations.map((entry) => ({ entry, pattern: pathPattern(entry) }));
  return {
    validate(response) {
      const method = response.method.toLowerCase();
      // A literal path (…/accounts/Bulk) is that path, even where a template (…/{accountId}) fits too.
      const fitting = routes.filter(({ pattern }) => pattern.test(response.path));
      const literal = fitting.filter(({ entry }) => !entry.path.includes('{'));
      const route = (literal.length > 0 ? literal : fitting).find(({ entry }) => entry.method === method);
      if (!route) return [];
      const exchange = toExchange(route.entry, response);
      return [
        ...statusFindings(loaded, exchange),
        ...contentTypeFindings(loaded, exchange),
        ...bodyFindings(loaded, exchange, validate),
        ...headerFindings(loaded, exchange, validate),
      ];
    },
  };
}

function pathPattern(entry: OperationEntry): RegExp {
  const source = entry.path
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

function toExchange(entry: OperationEntry, response: ResponseToJudge): Exchange {
  let parsed = false;
  let json: unknown;
  if (response.text.trim() !== '') {
    try {
      json = JSON.parse(response.text) as unknown;
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  return {
    checkId: 'response-validator',
    operationId: entry.operationId,
    method: entry.method.toUpperCase(),
    path: entry.path,
    status: response.status,
    headers: response.headers,
    text: response.text,
    parsed,
    json,
  };
}
