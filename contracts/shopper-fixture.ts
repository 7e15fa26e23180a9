import { errorSummary } from '../client/error-summary.ts';
import { locate } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import { succeeded } from './expectations.ts';
import type { RunContext } from './run-context.ts';
import { sampleContact } from './test-data.ts';

/** A shopper the run created through Bulk: an account with a password and one contact. */
export interface Shopper {
  readonly id: number;
  readonly label: string;
  readonly emailAddress: string;
  /** What the shopper signs in with: the account's userName as answered, else its emailAddress. */
  readonly userName: string;
  readonly password: string;
  /** Its contact's id, when the target assigned one. */
  readonly contactId: number | undefined;
  /** The account as the target answered it. */
  readonly account: Readonly<Record<string, unknown>>;
}

/**
 * Creates shoppers of the run in one Bulk call: tagged accounts with a password and a primary
 * Billing contact, whose userName is their emailAddress unless `account` says otherwise (so a
 * sign-in by either works whatever a target makes of a missing userName). Throws when the target
 * does not create them: every check that needs a shopper then fails with the reason.
 */
export async function createShoppers(
  context: RunContext,
  kind: string,
  count: number,
  account: (index: number, label: string) => Record<string, unknown> = () => ({}),
): Promise<Shopper[]> {
  const { data } = context;
  const items = Array.from({ length: count }, (_, index) => {
    const label = data.label(kind);
    const emailAddress = data.email(label);
    const password = `Ct-${data.runId}-${label}-Garden-1`;
    context.redactor.add(password);
    return {
      label,
      emailAddress,
      password,
      item: {
        ...data.item(label, {
          userName: emailAddress,
          contacts: [sampleContact(data, label)],
          ...account(index, label),
        }),
        password,
      },
    };
  });
  const reply = await context.call(operations.addAccounts, { body: items.map((i) => i.item) });
  const answered = (reply.json as { items?: unknown } | undefined)?.items;
  if (!succeeded(context.plan, reply) || !Array.isArray(answered))
    throw new Error(`could not create the shoppers it needs: ${locate(reply)}${errorSummary(reply)}`);
  return items.map(({ label, emailAddress, password }) => {
    const found = (answered as unknown[]).find((a) => {
      const email = (a as { emailAddress?: unknown } | null)?.emailAddress;
      return typeof email === 'string' && email.toLowerCase() === emailAddress.toLowerCase();
    }) as Record<string, unknown> | undefined;
    if (typeof found?.id !== 'number')
      throw new Error(
        `could not create the shoppers it needs: ${locate(reply)} answered no account with an id for ${emailAddress}`,
      );
    const contacts = Array.isArray(found.contacts) ? (found.contacts as unknown[]) : [];
    const contactId = (contacts[0] as { id?: unknown } | undefined)?.id;
    return {
      id: found.id,
      label,
      emailAddress,
      userName: typeof found.userName === 'string' ? found.userName : emailAddress,
      password,
      contactId: typeof contactId === 'number' ? contactId : undefined,
      account: found,
    };
  });
}

/** One shopper of the run, created the first time a step asks for it (many requests need none). */
export function shopperOnDemand(context: RunContext, kind: string): () => Promise<Shopper> {
  let shopper: Promise<Shopper> | undefined;
  return () =>
    (shopper ??= createShoppers(context, kind, 1).then(([first]) => {
      if (!first) throw new Error('Bulk created no shopper');
      return first;
    }));
}

/** A password for a new account or a change, carrying the run's id, kept from every report. */
export function newPassword(context: RunContext, label: string): string {
  const password = `Ct-${context.data.runId}-${label}-Harbor-2`;
  context.redactor.add(password);
  return password;
}
