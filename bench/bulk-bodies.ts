/**
 * Bulk bodies where every account has an address no other request used, so a stateful server never
 * answers 409 however long the run. The item is serialized once and split around its email; a body
 * is then a few string joins, cheap enough not to slow the load generator down.
 */
export function createBulkBodies(item: unknown, items: number, tag: string): () => string {
  const email = emailOf(item);
  const parts = JSON.stringify(item).split(email);
  let sequence = 0;
  return () => {
    const batch = ++sequence;
    const accounts = new Array<string>(items);
    for (let i = 0; i < items; i++) accounts[i] = parts.join(`bench-${tag}-${batch}-${i}@example.com`);
    return `[${accounts.join(',')}]`;
  };
}

function emailOf(item: unknown): string {
  const account = (item as { account?: { emailAddress?: unknown } } | null)?.account;
  if (typeof account?.emailAddress !== 'string') {
    throw new Error('the Bulk example item has no account.emailAddress to make unique');
  }
  return account.emailAddress;
}
