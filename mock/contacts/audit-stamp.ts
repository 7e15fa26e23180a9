import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationContext } from '../http/operation-context.ts';

type AuditInfo = components['schemas']['AdminUserAuditInfo'];

/** The auditInfo a request writes: by the application's client id, at the request's clock. */
export interface AuditStamp {
  /** Of what the request creates. */
  readonly created: AuditInfo;
  /** Of what it changes: who created it and when stay as they were. */
  readonly updated: (previous: AuditInfo | null | undefined) => AuditInfo;
  /** The record with its auditInfo updated. */
  readonly touch: <T extends { readonly auditInfo?: AuditInfo | null }>(record: T) => T;
}

export function auditStamp(context: OperationContext<KiboAccess>): AuditStamp {
  const by = context.access?.claims.clientId ?? null;
  const at = new Date(context.now).toISOString();
  const updated = (previous: AuditInfo | null | undefined): AuditInfo => ({
    ...previous,
    updateBy: by,
    updateDate: at,
  });
  return {
    created: { createBy: by, createDate: at, updateBy: by, updateDate: at },
    updated,
    touch: (record) => ({ ...record, auditInfo: updated(record.auditInfo) }),
  };
}
