import type { AccountChange, CustomerAccount } from '../accounts/account-store.ts';

/** The generated dataset an overlay was made on: its ids only mean something on that dataset. */
export interface DatasetIdentity {
  readonly seed: number;
  readonly accounts: number;
}

/** What a previous run left for one tenant, to lay over its freshly generated dataset. */
export interface TenantOverlay {
  /** Created accounts, and changed generated ones, not deleted since, in id order. */
  readonly accounts: CustomerAccount[];
  /** Every deleted id, of the dataset or created, ascending. */
  readonly deletedIds: number[];
  /**
   * The next id to hand out, undefined when the tenant never created an account. Kept apart from
   * `accounts` because deleting the newest account must not make its id come back.
   */
  readonly nextId: number | undefined;
}

/**
 * Where tenants' overlays outlive the process. A write that returned survives the process being
 * killed, so the mock answers only after it: a restart shows every change that got a 2xx and none
 * that did not. Writes throw on failure, having stored nothing.
 */
export interface AccountPersistence {
  load(tenantId: number): TenantOverlay;
  /** One request's changes, in one transaction: all of them or, when it throws, none. */
  commit(tenantId: number, changes: readonly AccountChange[]): void;
  /** Forgets everything the tenant created or deleted (the admin API's reset). */
  resetTenant(tenantId: number): void;
  /** Idempotent, so a signal handler and an exit path may both call it. */
  close(): void;
}
