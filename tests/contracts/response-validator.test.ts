import { describe, expect, it } from 'vitest';
import { createResponseValidator } from '../../contracts/response-validator.ts';
import { loadPlan } from '../../openapi/load-plan.ts';

const validator = createResponseValidator(await loadPlan());
const json = { 'content-type': 'application/json; charset=UTF-8' };
const bulk = { method: 'POST', path: '/api/commerce/customer/accounts/Bulk' };
const page = (items: unknown[]) => ({
  startIndex: 0,
  pageSize: items.length,
  pageCount: 1,
  totalCount: items.length,
  items,
});

function judge(
  response: { method: string; path: string },
  status: number,
  body: unknown,
  headers: Record<string, string> = json,
) {
  return validator.validate({
    ...response,
    status,
    headers: new Headers(headers),
    text: body === undefined ? '' : JSON.stringify(body),
  });
}

describe('the response validator', () => {
  it('accepts a conforming answer', () => {
    expect(judge(bulk, 200, page([{ id: 1, emailAddress: 'a@example.com' }]))).toEqual([]);
  });

  it('points at a wrong type with what was expected and what came', () => {
    const items = [{ id: 1 }, { id: 2 }, { id: '12' }];
    expect(judge(bulk, 200, page(items))).toEqual(['/items/2/id must be integer (got "12")']);
  });

  it('names a property the schema does not declare', () => {
    expect(judge(bulk, 200, page([{ id: 1, password: 'x' }]))).toEqual([
      '/items/0/password is not a declared property',
    ]);
  });

  it('lists the declared statuses for one that is not', () => {
    expect(judge(bulk, 201, page([]))).toEqual([
      'status 201 is not declared; addAccounts declares 200, 400, 401, 403, 409, 413, 415, 429, 500, 503',
    ]);
  });

  it('wants the declared Content-Type and a JSON body', () => {
    const found = validator.validate({
      ...bulk,
      status: 400,
      headers: new Headers({ 'content-type': 'text/plain' }),
      text: 'Bad Request',
    });
    expect(found).toEqual([
      'Content-Type is text/plain; declared: application/json',
      'body must be JSON (declared application/json), got "Bad Request"',
    ]);
  });

  it('wants WWW-Authenticate on 401, matching its declared pattern', () => {
    const body = { message: 'no', errorCode: 'UNAUTHORIZED' };
    expect(judge(bulk, 401, body)).toEqual(['header WWW-Authenticate is required but missing']);
    expect(judge(bulk, 401, body, { ...json, 'www-authenticate': 'Basic realm="x"' })).toEqual([
      'header WWW-Authenticate must match pattern "^Bearer" (got "Basic realm=\\"x\\"")',
    ]);
  });

  it('wants no body where none is declared, and matches concrete paths', () => {
    const remove = { method: 'DELETE', path: '/api/commerce/customer/accounts/1251' };
    expect(judge(remove, 200, undefined, {})).toEqual([]);
    expect(judge(remove, 200, { ok: true })).toEqual([
      'no body is declared for 200, got 11 bytes (application/json)',
    ]);
  });

  it('has nothing to say about a route the document does not declare', () => {
    expect(judge({ method: 'PUT', path: '/api/commerce/customer/accounts/Bulk' }, 405, 'nope')).toEqual([]);
  });
});
