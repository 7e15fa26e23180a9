import type { OperationEntry } from '../../openapi/load-document.ts';
import type { TenantStore } from '../accounts/account-store.ts';
import type { TokenClaims } from '../auth/token-service.ts';

/** What an operation handler gets once auth and validation have passed. */
export interface OperationContext {
  readonly entry: OperationEntry;
  /** Query parameters, coerced to the document's types, defaults filled in. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly path: Readonly<Record<string, unknown>>;
  /** The parsed body, validated, with the document's defaults filled in. */
  readonly body: unknown;
  /** The verified token; undefined on operations without security. */
  readonly claims: TokenClaims | undefined;
  /** The tenant the token was allowed to act on; undefined on operations without security. */
  readonly tenant: TenantStore | undefined;
  readonly now: number;
}

export interface OperationResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler = (context: OperationContext) => OperationResult | Promise<OperationResult>;

/** Handlers that need a tenant call this; the pipeline guarantees it for secured operations. */
export function tenantOf(context: OperationContext): TenantStore {
  if (!context.tenant) throw new Error(`${context.entry.operationId} needs a tenant but none was resolved`);
  return context.tenant;
}
