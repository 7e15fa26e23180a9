import { describe, expect, it } from 'vitest';
import { requestFindings, type SeenRequest } from '../../contracts/proxy/request-findings.ts';
import { createSchemaValidator } from '../../contracts/schema-validator.ts';
import { loadPlan } from '../../openapi/load-plan.ts';

const plan = await loadPlan();
const validate = createSchemaValidator();

function seen(parts: Partial<SeenRequest> & { json?: unknown } = {}): SeenRequest {
  const headers = new Headers(parts.headers);
  if (parts.json !== undefined) headers.set('content-type', 'application/json');
  return {
    params: parts.params ?? {},
    query: parts.query ?? new URLSearchParams(),
    headers,
    text: parts.json === undefined ? (parts.text ?? '') : JSON.stringify(parts.json),
  };
}

const findings = (operationId: string, request: SeenRequest) =>
  requestFindings(plan, plan.operation(operationId), request, validate);

describe('the proxy’s request rules', () => {
  it('finds nothing in a request the document accepts', () => {
    const account = { account: { emailAddress: 'pat@example.com' } };
    expect(findings('addAccounts', seen({ json: [account] }))).toEqual([]);
    expect(findings('getAccount', seen({ params: { accountId: '1001' } }))).toEqual([]);
  });

  it('names a path parameter of the wrong type', () => {
    expect(findings('getAccount', seen({ params: { accountId: 'abc' } })).map((f) => f.message)).toEqual([
      expect.stringContaining('path parameter accountId must be integer'),
    ]);
  });

  it('names the assumption a refused body rests on (the batch limit)', () => {
    const items = Array.from({ length: 1001 }, (_, n) => ({
      account: { emailAddress: `p${n}@example.com` },
    }));
    expect(findings('addAccounts', seen({ json: items }))).toEqual([
      {
        message: expect.stringContaining('body / must NOT have more than 1000 items') as unknown,
        assumption: 'batch-limit',
      },
    ]);
  });

  it('names a missing required query parameter and a body that is not JSON', () => {
    const missing = findings('getLoginStateByEmailAddress', seen());
    expect(missing.map((f) => f.message)).toContain('query parameter emailAddress is required but missing');
    const broken = findings(
      'addAccounts',
      seen({ text: '[{', headers: new Headers({ 'content-type': 'application/json' }) }),
    );
    expect(broken.map((f) => f.message)).toEqual(['body is not JSON']);
  });
});
