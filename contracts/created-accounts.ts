import type { Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';

/** The operations that create accounts, and where their answer holds them. */
const creating: Readonly<Record<string, (body: Record<string, unknown>) => unknown[]>> = {
  [operations.addAccounts]: (page) => (Array.isArray(page.items) ? (page.items as unknown[]) : []),
  [operations.addAccount]: (account) => [account],
  // A sign-up answers the new shopper's ticket, which carries their account.
  [operations.addAccountAndLogin]: (ticket) => [ticket.customerAccount],
};

/** True for an operation whose success creates accounts. */
export function createsAccounts(operationId: string): boolean {
  return creating[operationId] !== undefined;
}

/** The accounts a successful answer says it created (id and email), whether a check meant to or not. */
export function createdAccountsOf(exchange: Exchange): { id: number; emailAddress: string | undefined }[] {
  const read = creating[exchange.operationId];
  const body = exchange.json;
  if (!read || exchange.status < 200 || exchange.status > 299) return [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  return read(body as Record<string, unknown>).flatMap((item) => {
    const { id, emailAddress } = (item ?? {}) as { id?: unknown; emailAddress?: unknown };
    const number = Number(id);
    if (!Number.isSafeInteger(number) || number <= 0) return [];
    return [{ id: number, emailAddress: typeof emailAddress === 'string' ? emailAddress : undefined }];
  });
}
