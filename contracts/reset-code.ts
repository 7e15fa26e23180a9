import type { RunContext } from './run-context.ts';

/** One message of an outbox, as the mock's admin API answers it (`getOutbox` of mock-admin.yaml). */
interface OutboxMessage {
  readonly to?: unknown;
  readonly userName?: unknown;
  readonly confirmationCode?: unknown;
}

/**
 * The confirmation code of the latest password reset for `login` (an email address or user name),
 * from the outbox the target offers (`--outbox-url`). Undefined when it offers none: a real
 * tenant e-mails the code, which the suite cannot read. Throws when the outbox cannot be read or
 * holds no code for the login.
 */
export async function latestResetCode(context: RunContext, login: string): Promise<string | undefined> {
  const { outboxUrl, tenant } = context.target;
  if (outboxUrl === undefined) return undefined;
  const url = new URL(outboxUrl);
  if (tenant !== undefined) url.searchParams.set('tenantId', tenant);
  const send = context.target.fetch ?? ((request: Request) => fetch(request));
  const response = await send(
    new Request(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(context.timeoutMs),
    }),
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`the outbox ${url.pathname} answered ${response.status}`);
  const items = (JSON.parse(text) as { items?: unknown }).items;
  const wanted = login.toLowerCase();
  const mine = (Array.isArray(items) ? (items as OutboxMessage[]) : []).filter((message) =>
    [message.to, message.userName].some((name) => typeof name === 'string' && name.toLowerCase() === wanted),
  );
  const code = mine.at(-1)?.confirmationCode;
  if (typeof code !== 'string')
    throw new Error(`the outbox ${url.pathname} holds no reset code for ${login}`);
  context.redactor.add(code);
  return code;
}
