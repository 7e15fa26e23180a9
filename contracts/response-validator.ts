import type { ApiPlan, OperationPlan } from '../openapi/operation-plan.ts';
import { bodyFindings, contentTypeFindings, headerFindings, statusFindings } from './conformance.ts';
import type { Exchange } from '../client/http-client.ts';
import { createSchemaValidator } from './schema-validator.ts';

/** A response as any test or tool saw it, for a request path as sent (`/api/commerce/…`). */
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
export function createResponseValidator(plan: ApiPlan): ResponseValidator {
  const validate = createSchemaValidator();
  return {
    validate(response) {
      // The plan's own matcher: a literal path (…/accounts/Bulk) is that path, even where a template fits.
      const match = plan.match(response.method.toUpperCase(), response.path);
      // A known Kibo operation the document does not describe has no rules here either.
      if (match.kind !== 'found' || 'notMocked' in match.value) return [];
      const exchange = toExchange(match.value, response);
      return [
        ...statusFindings(plan, exchange),
        ...contentTypeFindings(plan, exchange),
        // A HEAD answer carries the GET's headers and no content (RFC 9110 §9.3.2).
        ...(match.value.method === 'GET' && response.method.toUpperCase() === 'HEAD'
          ? []
          : bodyFindings(plan, exchange, validate)),
        ...headerFindings(plan, exchange, validate),
      ].map((found) => found.message);
    },
  };
}

function toExchange(operation: OperationPlan, response: ResponseToJudge): Exchange {
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
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    status: response.status,
    headers: response.headers,
    text: response.text,
    parsed,
    json,
  };
}
