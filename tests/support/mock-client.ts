import type { Mock } from '../../mock/app.ts';
import { createNodeMock, type NodeMockOptions } from '../../mock/node/create-node-mock.ts';

/** The instant every in-process test freezes the mock's clock at. */
export const fixedNow = '2026-11-27T10:00:00.000Z';
export const fullClient = 'mock.app.1.0.0.Release';
export const limitedClient = 'mock.limited.1.0.0.Release';
export const bulkPath = '/api/commerce/customer/accounts/Bulk';
export const accountsPath = '/api/commerce/customer/accounts';

export interface RecordedExchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or undefined for an empty one. */
  readonly body: unknown;
}

interface Call {
  readonly body?: unknown;
  /** A raw body sent as is (malformed JSON, form data …). */
  readonly raw?: string;
  /** The bearer token; `null` sends no Authorization header. Default: a token of the full client. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/**
 * An in-process client of a fresh mock (app.request, no socket). Every exchange is recorded so a
 * test can check afterwards that each answer the mock gave conforms to the document.
 */
export async function mockClient(options: NodeMockOptions = {}) {
  const mock: Mock = await createNodeMock({ now: fixedNow, ...options });
  const token = await mock.tokens.issue(fullClient);
  const exchanges: RecordedExchange[] = [];

  async function call(method: string, path: string, call: Call = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...call.headers };
    const bearer = call.token === undefined ? token : call.token;
    if (bearer !== null) headers.authorization ??= `Bearer ${bearer}`;
    let body: string | undefined;
    if (call.raw !== undefined) body = call.raw;
    else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await mock.app.request(path, { method, headers, body });
    const text = await response.text();
    exchanges.push({ method, path, status: response.status, headers: response.headers, text });
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  }

  return { mock, token, exchanges, call };
}

/** A valid Bulk item with a unique email; `overrides` are merged into `account`. */
export function accountItem(
  n: number,
  overrides: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    account: {
      emailAddress: `shopper${n}@example.com`,
      firstName: 'Ann',
      lastName: `Lee${n}`,
      ...overrides,
    },
    password: `Secret-Password-${n}`,
    ...extra,
  };
}
