import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  adminDocumentPath,
  documentPath,
  loadDocument,
  type OperationEntry,
} from '../../openapi/load-document.ts';
import { planOf } from '../../openapi/operation-plan.ts';
import { asSchema, type SchemaObject } from './helpers.ts';

// The operations issues 2 and 12 ask for, written out once here because the test checks the
// document against them (the mock and the contract suite read them from the document instead).
const accounts = '/commerce/customer/accounts';
const account = `${accounts}/{accountId}`;
const expectedOperations = [
  { operationId: 'addAccounts', method: 'post', path: '/commerce/customer/accounts/Bulk', success: 200 },
  { operationId: 'getAccounts', method: 'get', path: '/commerce/customer/accounts', success: 200 },
  { operationId: 'getAccount', method: 'get', path: '/commerce/customer/accounts/{accountId}', success: 200 },
  {
    operationId: 'deleteAccount',
    method: 'delete',
    path: '/commerce/customer/accounts/{accountId}',
    success: 200,
  },
  {
    operationId: 'oauthAuthenticateApp',
    method: 'post',
    path: '/platform/applications/authtickets/oauth',
    success: 200,
  },
  { operationId: 'getTenant', method: 'get', path: '/platform/tenants/{tenantId}', success: 200 },
  // Issue 12: shoppers who can sign in.
  {
    operationId: 'createUserAuthTicket',
    method: 'post',
    path: '/commerce/customer/authtickets',
    success: 200,
  },
  {
    operationId: 'refreshUserAuthTicket',
    method: 'put',
    path: '/commerce/customer/authtickets/refresh',
    success: 200,
  },
  {
    operationId: 'createAnonymousShopperAuthTicket',
    method: 'get',
    path: '/commerce/customer/authtickets/anonymousshopper',
    success: 200,
  },
  {
    operationId: 'addAccountAndLogin',
    method: 'post',
    path: `${accounts}/Add-Account-And-Login`,
    success: 200,
  },
  { operationId: 'addAccount', method: 'post', path: accounts, success: 200 },
  { operationId: 'getCurrentAccount', method: 'get', path: `${accounts}/current`, success: 200 },
  { operationId: 'updateAccount', method: 'put', path: account, success: 200 },
  { operationId: 'getAccountContacts', method: 'get', path: `${account}/contacts`, success: 200 },
  { operationId: 'addAccountContact', method: 'post', path: `${account}/contacts`, success: 200 },
  { operationId: 'addAccountContactList', method: 'put', path: `${account}/contacts`, success: 200 },
  { operationId: 'getAccountContact', method: 'get', path: `${account}/contacts/{contactId}`, success: 200 },
  {
    operationId: 'updateAccountContact',
    method: 'put',
    path: `${account}/contacts/{contactId}`,
    success: 200,
  },
  {
    operationId: 'deleteAccountContact',
    method: 'delete',
    path: `${account}/contacts/{contactId}`,
    success: 200,
  },
  { operationId: 'changePassword', method: 'post', path: `${account}/Change-Password`, success: 200 },
  { operationId: 'resetPassword', method: 'post', path: `${accounts}/Reset-Password`, success: 200 },
  {
    operationId: 'updateForgottenPassword',
    method: 'post',
    path: `${accounts}/Update-Forgotten-Password`,
    success: 200,
  },
  { operationId: 'getLoginState', method: 'get', path: `${account}/loginstate`, success: 200 },
  {
    operationId: 'getLoginStateByEmailAddress',
    method: 'post',
    path: `${accounts}/loginstatebyemailaddress`,
    success: 200,
  },
  {
    operationId: 'getLoginStateByUserName',
    method: 'post',
    path: `${accounts}/loginstatebyusername`,
    success: 200,
  },
  { operationId: 'setLoginLocked', method: 'post', path: `${account}/Set-Login-Locked`, success: 200 },
  {
    operationId: 'setPasswordChangeRequired',
    method: 'post',
    path: `${account}/Set-Password-Change-Required`,
    success: 200,
  },
] as const;

/** Operations that find an account by something else than a path id, so may answer 404. */
const lookups = ['getLoginStateByEmailAddress', 'getLoginStateByUserName'];
/** Operations that read no tenant's changes: nothing for them to wait on when the shared store is down. */
const storeless = ['oauthAuthenticateApp', 'getTenant', 'createAnonymousShopperAuthTicket'];
/** Operations that may answer 409: a taken email or userName, an account with orders. */
const conflicting = ['addAccounts', 'deleteAccount', 'addAccount', 'addAccountAndLogin', 'updateAccount'];

const loaded = await loadDocument();
const plan = planOf(loaded);
const statusesOf = (entry: OperationEntry) => plan.operation(entry.operationId).statuses;
const needsAuth = (entry: OperationEntry) => plan.operation(entry.operationId).security.length > 0;
const label = (entry: OperationEntry) => `${entry.operationId} (${entry.method.toUpperCase()} ${entry.path})`;

/**
 * The error statuses an operation must declare, no more and no fewer. 403 means "valid token,
 * missing behavior or tenant", so an operation that takes no token (the token endpoint) cannot
 * answer it and must not declare it; its bad credentials are a 401.
 */
function expectedErrorStatuses(entry: OperationEntry): number[] {
  const statuses = [400, 401, 429, 500];
  if (needsAuth(entry)) statuses.push(403);
  if (entry.path.includes('{') || lookups.includes(entry.operationId)) statuses.push(404);
  if (conflicting.includes(entry.operationId)) statuses.push(409);
  if (entry.operation.requestBody) statuses.push(413, 415);
  if (!storeless.includes(entry.operationId)) statuses.push(503);
  return statuses.sort((a, b) => a - b);
}

function errorResponses(entry: OperationEntry): [number, OpenAPIV3_1.ResponseObject][] {
  return statusesOf(entry)
    .filter((status) => status >= 300)
    .map((status) => [status, entry.operation.responses?.[String(status)] as OpenAPIV3_1.ResponseObject]);
}

function header(response: OpenAPIV3_1.ResponseObject, name: string): OpenAPIV3_1.HeaderObject | undefined {
  const found = Object.entries(response.headers ?? {}).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  );
  return found?.[1];
}

describe('the customer-accounts document', () => {
  it('validates under swagger-parser as OpenAPI 3.1', async () => {
    // Straight from the file, not through the loader's cache, so this test alone proves it.
    await expect(SwaggerParser.validate(documentPath)).resolves.toMatchObject({
      openapi: expect.stringMatching(/^3\.1\./) as unknown,
    });
  });

  it('lists the local mock first among its servers', () => {
    expect(loaded.document.servers?.[0]?.url).toBe('http://localhost:4010/api');
  });

  it('has exactly the operations issues 2 and 12 name, with their methods and paths', () => {
    const actual = loaded.operations.map(({ operationId, method, path }) => ({ operationId, method, path }));
    const expected = expectedOperations.map(({ operationId, method, path }) => ({
      operationId,
      method,
      path,
    }));
    expect(actual).toEqual(expect.arrayContaining(expected));
    expect(actual).toHaveLength(expected.length);
  });

  it.each(expectedOperations)('$operationId declares exactly one success status, $success', (expected) => {
    const successes = statusesOf(loaded.operation(expected.operationId)).filter((s) => s < 300);
    expect(successes, `${expected.operationId} success statuses`).toEqual([expected.success]);
  });

  it.each(loaded.operations)('$operationId declares exactly the error statuses it can answer', (entry) => {
    const declared = statusesOf(entry).filter((status) => status >= 300);
    expect(declared, `${label(entry)} error statuses`).toEqual(expectedErrorStatuses(entry));
  });

  it('answers every error with the ApiError schema as JSON, with at least one example', () => {
    const apiError = plan.schema('ApiError');
    for (const entry of loaded.operations) {
      for (const [status, response] of errorResponses(entry)) {
        const where = `${label(entry)} → ${status}`;
        expect
          .soft(Object.keys(response.content ?? {}), `${where} media types`)
          .toEqual(['application/json']);
        const media = response.content?.['application/json'];
        expect.soft(media?.schema, `${where} must use components.schemas.ApiError`).toStrictEqual(apiError);
        expect.soft(Object.keys(media?.examples ?? {}).length, `${where} examples`).toBeGreaterThan(0);
      }
    }
  });

  it('declares a required WWW-Authenticate: Bearer challenge on every 401', () => {
    for (const entry of loaded.operations) {
      const unauthorized = entry.operation.responses?.['401'] as OpenAPIV3_1.ResponseObject | undefined;
      const challenge = unauthorized && header(unauthorized, 'WWW-Authenticate');
      expect.soft(challenge?.required, `${label(entry)} → 401 must declare WWW-Authenticate`).toBe(true);
      expect
        .soft((challenge?.schema as SchemaObject | undefined)?.pattern, `${label(entry)} → 401`)
        .toBe('^Bearer');
    }
  });

  it('secures every operation but the token endpoint with the bearer JWT scheme', () => {
    const scheme = loaded.document.components?.securitySchemes?.bearerJwt;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const publicOperations = loaded.operations.filter((entry) => !needsAuth(entry));
    expect(publicOperations.map((entry) => entry.operationId)).toEqual(['oauthAuthenticateApp']);
  });

  it('names the behaviors every operation on customer data requires (x-required-behaviors)', () => {
    const customerData = (e: OperationEntry) => needsAuth(e) && e.operation.tags?.includes('CustomerAccount');
    for (const entry of loaded.operations.filter(customerData)) {
      const behaviors = plan.operation(entry.operationId).requiredBehaviors;
      expect.soft(behaviors.length, `${label(entry)} x-required-behaviors`).toBeGreaterThan(0);
      for (const behavior of behaviors) {
        expect.soft(behavior, `${label(entry)} behavior name`).toMatch(/^[a-z][a-z-]*:[a-z][a-z-]*$/);
      }
    }
  });

  it.each(['CustomerAccountAndAuthInfo', 'CustomerUserAuthInfo'])(
    '%s guards both TTL fields with customer-auth:configure-token-durations and caps them alike',
    (name) => {
      const schema = plan.schema(name);
      expect(plan.rulesOf(name).guarded).toEqual([
        { path: ['authTicketTtlMinutes'], behavior: 'customer-auth:configure-token-durations' },
        { path: ['refreshTokenTtlMinutes'], behavior: 'customer-auth:configure-token-durations' },
      ]);
      const reference = plan.schema('CustomerAccountAndAuthInfo');
      for (const field of ['authTicketTtlMinutes', 'refreshTokenTtlMinutes']) {
        // DESIGN.md: a TTL above the cap is a 400, so the cap must be in the document.
        const { maximum } = asSchema(schema.properties?.[field], `${name}.${field}`);
        expect.soft(maximum, `${name}.${field} maximum`).toBeTypeOf('number');
        const cap = asSchema(reference.properties?.[field], `CustomerAccountAndAuthInfo.${field}`).maximum;
        expect.soft(maximum, `${name}.${field} has the same cap as a new account's`).toBe(cap);
      }
    },
  );

  it('pages getAccounts by 20 by default and at most 200', () => {
    const pageSize = loaded
      .operation('getAccounts')
      .parameters.find((p) => p.in === 'query' && p.name === 'pageSize');
    expect(pageSize?.schema).toMatchObject({ type: 'integer', default: 20, minimum: 0, maximum: 200 });
  });

  it('limits CustomerAccount.userId to 55 characters', () => {
    expect(
      asSchema(plan.schema('CustomerAccount').properties?.userId, 'CustomerAccount.userId').maxLength,
    ).toBe(55);
  });

  it('limits the Bulk body to a batch of CustomerAccountAndAuthInfo with maxItems', () => {
    const body = plan.operation('addAccounts').body?.schema;
    expect(body?.type).toBe('array');
    expect(body?.maxItems, 'addAccounts request body maxItems').toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(body?.maxItems)).toBe(true);
    // The item schema is the component plus `required: [account]`, so compare its field set.
    const items = asSchema(
      (body as OpenAPIV3_1.ArraySchemaObject | undefined)?.items,
      'addAccounts body items',
    );
    expect(Object.keys(items.properties ?? {})).toEqual(
      Object.keys(plan.schema('CustomerAccountAndAuthInfo').properties ?? {}),
    );
  });

  it('caps every request body in bytes (x-max-body-bytes), which its 413 refers to', () => {
    for (const entry of loaded.operations.filter((e) => e.operation.requestBody)) {
      const limit = (entry.operation.requestBody as Record<string, unknown>)['x-max-body-bytes'];
      expect
        .soft(Number.isInteger(limit) && (limit as number) > 0, `${label(entry)} x-max-body-bytes`)
        .toBe(true);
    }
  });
});

describe('bounds', () => {
  /**
   * A pattern bounds a string only when it is anchored at both ends and repeats nothing without
   * limit (`*`, `+`, `{n,}`): `^Bearer` or `^[a-z]+$` match strings of any length.
   */
  function patternBounds(pattern: string): boolean {
    // Escapes and character classes hold no quantifiers; what is left is the pattern's shape.
    const shape = pattern.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
    return shape.startsWith('^') && shape.endsWith('$') && !/[*+]|\{\d+,\}/.test(shape);
  }

  /**
   * Every string and array a request or an answer can carry, in both documents: a value without a
   * bound is memory a client can make the mock hold, or an answer it can make as big as it likes
   * (a date-time included: its format checks the shape, not the length). A branch of allOf
   * narrows its parent, which carries the bound.
   */
  function unbounded(node: unknown, path: string, found: string[], inAllOf = false): string[] {
    if (Array.isArray(node)) {
      node.forEach((child, i) => unbounded(child, `${path}[${i}]`, found, inAllOf));
      return found;
    }
    if (typeof node !== 'object' || node === null) return found;
    const schema = node as Record<string, unknown>;
    const types = [schema.type].flat();
    const fixed =
      schema.enum !== undefined ||
      schema.const !== undefined ||
      (typeof schema.pattern === 'string' && patternBounds(schema.pattern));
    if (!inAllOf && types.includes('string') && schema.maxLength === undefined && !fixed) {
      found.push(`${path}: a string without maxLength`);
    }
    if (!inAllOf && types.includes('array') && schema.maxItems === undefined)
      found.push(`${path}: an array without maxItems`);
    for (const [key, child] of Object.entries(schema)) {
      if (key === 'example' || key === 'examples') continue;
      unbounded(child, `${path}.${key}`, found, inAllOf || key === 'allOf');
    }
    return found;
  }

  it('takes a pattern as a bound only when it is anchored and repeats nothing without limit', () => {
    expect(patternBounds('^[0-9]{1,10}$')).toBe(true);
    expect(patternBounds('^(?:[Ll][Ii][Vv][Ee]|[Pp][Ee][Nn][Dd][Ii][Nn][Gg])$')).toBe(true);
    expect(patternBounds('^[+*]{2}\\$')).toBe(false);
    expect(patternBounds('^Bearer')).toBe(false);
    expect(patternBounds('^[a-z0-9][a-z0-9-]*$')).toBe(false);
    expect(patternBounds('^[a-z]{2,}$')).toBe(false);
    expect(patternBounds('^a+$')).toBe(false);
  });

  it.each([
    ['customer-accounts.yaml', documentPath],
    ['mock-admin.yaml', adminDocumentPath],
  ])('%s bounds every string and array', async (_name, path) => {
    const { document } = await loadDocument(path);
    expect(unbounded(document, '', [])).toEqual([]);
  });
});
