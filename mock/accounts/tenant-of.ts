import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationContext } from '../http/operation-context.ts';
import type { TenantStore } from './account-store.ts';

/** The tenant a secured operation acts on; the pipeline guarantees one once the token passed. */
export function tenantOf(context: OperationContext<KiboAccess>): TenantStore {
  if (!context.access) throw new Error(`${context.plan.operationId} needs a tenant but none was resolved`);
  return context.access.tenant;
}
