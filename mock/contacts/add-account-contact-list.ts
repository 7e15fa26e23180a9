import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { invalidRequest, type ErrorLimits } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';
import { changeContacts } from './change-contacts.ts';
import { contactPreparer } from './contact-preparer.ts';
import { nextContactId } from './next-contact-id.ts';
import { primaryContacts } from './primary-contacts.ts';

type Contact = components['schemas']['CustomerContact'];

/**
 * PUT /commerce/customer/accounts/{accountId}/contacts. With `x-replaces: contacts` the list is
 * the account's contacts, numbered from 1 in order; without it (the assumption turned off) the
 * list is added after them, numbered on. Of several contacts primary for one use, the last keeps
 * it (`x-one-primary-per-type`). The 200 lists the contacts written, as one page.
 */
export function addAccountContactListHandler(
  plan: OperationPlan,
  withinLimit: (accountId: number, count: number) => void,
  errorLimits: ErrorLimits,
): OperationHandler<KiboAccess> {
  if (plan.replaces !== undefined && plan.replaces !== 'contacts') {
    throw new Error(
      `${plan.operationId} replaces "${plan.replaces}"; its handler writes an account's contacts`,
    );
  }
  const prepare = contactPreparer(plan);
  const keepPrimaries = primaryContacts(plan);
  return async (context) => {
    // The pipeline sets the failing items of an array body apart unless x-all-or-nothing says
    // otherwise, for a batch whose answer can name what it created. A list of contacts is one
    // write of the account: any failing item refuses all of it.
    if (context.rejected.length > 0) throw invalidRequest(context.rejected, errorLimits);
    const sent = ((context.body ?? []) as Contact[]).map(prepare);
    const written = await changeContacts(context, (account, stamp) => {
      const kept = plan.replaces === undefined ? (account.contacts ?? []) : [];
      const first = nextContactId(kept);
      const added = sent.map((contact, i) => ({
        id: first + i,
        accountId: account.id,
        ...contact,
        auditInfo: stamp.created,
      }));
      withinLimit(account.id, kept.length + added.length);
      const lastFirst = added.map((_, i) => kept.length + added.length - 1 - i);
      const contacts = keepPrimaries([...kept, ...added], lastFirst, stamp.touch);
      return { contacts, result: contacts.slice(kept.length) };
    });
    const count = written.length;
    // One page holding them all; an empty list is no page at all, as an empty Get Accounts is.
    return {
      status: plan.success.status,
      body: {
        startIndex: 0,
        pageSize: count,
        pageCount: count > 0 ? 1 : 0,
        totalCount: count,
        items: written,
      },
    };
  };
}
