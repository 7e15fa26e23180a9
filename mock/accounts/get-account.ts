import { kiboError } from '../http/errors.ts';
import { tenantOf, type OperationContext, type OperationHandler } from '../http/operation-context.ts';

/** GET /commerce/customer/accounts/{accountId}. */
export const getAccountHandler: OperationHandler = (context) => {
  const account = tenantOf(context).get(accountIdOf(context));
  if (!account) throw notFound(accountIdOf(context));
  return { status: 200, body: account };
};

/** DELETE /commerce/customer/accounts/{accountId}; the id is never reused. */
export const deleteAccountHandler: OperationHandler = (context) => {
  const id = accountIdOf(context);
  if (!tenantOf(context).delete(id)) throw notFound(id);
  return { status: 204 };
};

function accountIdOf(context: OperationContext): number {
  return context.path.accountId as number;
}

function notFound(id: number) {
  return kiboError(404, 'ITEM_NOT_FOUND', `Item not found: account ${id} does not exist in this tenant`, {
    data: { AccountId: String(id) },
  });
}
