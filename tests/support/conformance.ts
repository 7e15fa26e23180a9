import { expect } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { createResponseValidator } from '../../contracts/response-validator.ts';
import type { RecordedExchange } from './mock-client.ts';

const validator = createResponseValidator(await loadPlan());

/**
 * Asserts that every answer recorded by a test file conforms to the document: a declared status,
 * the declared media type, a body that validates against that status's schema, declared headers.
 */
export function expectAllConform(exchanges: readonly RecordedExchange[]): void {
  const problems = exchanges.flatMap((exchange) => {
    const url = new URL(exchange.path, 'http://mock.test');
    return validator
      .validate({
        method: exchange.method,
        path: url.pathname,
        status: exchange.status,
        headers: exchange.headers,
        text: exchange.text,
        query: url.searchParams,
      })
      .map((violation) => `${exchange.method} ${exchange.path} → ${exchange.status}: ${violation}`);
  });
  expect(problems, problems.join('\n')).toEqual([]);
  expect(exchanges.length).toBeGreaterThan(0);
}
