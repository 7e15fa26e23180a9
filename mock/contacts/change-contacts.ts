import type { components } from '../../openapi/types.gen.ts';
import type { CustomerAccount } from '../accounts/account-store.ts';
import { findAccount } from '../accounts/get-account.ts';
import { tenantOf } from '../accounts/tenant-of.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import type { OperationContext } from '../http/operation-context.ts';
import { auditStamp, type AuditStamp } from './audit-stamp.ts';

type Contact = components['schemas']['CustomerContact'];

/** What a write makes of an account's contacts, and what the request answers. */
export interface ContactsChange<T> {
  /** Every contact of the account after the write, in id order. */
  readonly contacts: readonly Contact[];
  readonly result: T;
}

/**
 * Changes the contacts of the account the path names. Contacts live inside their account (where
 * Bulk puts them and the dataset generates them), so the account is read (404 when it is not
 * there), `change` works out its new contacts, and the account is stored with them and its own
 * auditInfo updated, in one commit. Alone among the tenant's writers, so no other request changes
 * the account between the read and the commit.
 */
export function changeContacts<T>(
  context: OperationContext<KiboAccess>,
  change: (account: CustomerAccount & { readonly id: number }, stamp: AuditStamp) => ContactsChange<T>,
): Promise<T> {
  const tenant = tenantOf(context);
  const stamp = auditStamp(context);
  return tenant.write(async () => {
    const account = await findAccount(context);
    const { contacts, result } = change(account, stamp);
    const changed = { ...account, contacts: [...contacts], auditInfo: stamp.updated(account.auditInfo) };
    await tenant.commit([{ kind: 'put', account: changed }]);
    return result;
  });
}
