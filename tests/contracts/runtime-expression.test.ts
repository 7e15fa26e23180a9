import { expect, it } from 'vitest';
import { evaluate, type ExpressionScope } from '../../contracts/sequences/runtime-expression.ts';

const scope: ExpressionScope = {
  request: {
    body: { account: { emailAddress: 'ann@example.com' }, password: 'Garden-1' },
    path: { accountId: 7 },
    query: { responseFields: 'id' },
    header: { 'x-vol-tenant': '100000' },
  },
  response: { body: { id: 1251, customerAccount: { id: 1251 }, accessToken: 't' } },
};

it('reads a body pointer of the response or the request', () => {
  expect(evaluate('$response.body#/customerAccount/id', scope)).toBe(1251);
  expect(evaluate('$request.body#/account/emailAddress', scope)).toBe('ann@example.com');
  expect(evaluate('$response.body', scope)).toEqual(scope.response.body);
});

it('reads a named part of the request', () => {
  expect(evaluate('$request.path.accountId', scope)).toBe(7);
  expect(evaluate('$request.query.responseFields', scope)).toBe('id');
  expect(evaluate('$request.header.X-Vol-Tenant', scope)).toBe('100000');
});

it('replaces expressions embedded in strings, in objects at any depth', () => {
  expect(
    evaluate(
      { filter: "emailAddress eq '{$request.body#/account/emailAddress}'", ids: ['{$response.body#/id}'] },
      scope,
    ),
  ).toEqual({ filter: "emailAddress eq 'ann@example.com'", ids: ['1251'] });
});

it('keeps constants as they are', () => {
  expect(evaluate({ grant_type: 'client_credentials', n: 3, flag: true }, scope)).toEqual({
    grant_type: 'client_credentials',
    n: 3,
    flag: true,
  });
});
