import type { Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import { succeeded } from './expectations.ts';
import type { RunContext } from './run-context.ts';

/** Where a shopper's ticket travels beside the app's token (Kibo's SDK's `userClaims`). */
export const userClaimsHeader = 'x-vol-user-claims';

/** What the checks use of a `CustomerAuthTicket`. */
export interface Ticket {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** The id of the ticket's `customerAccount`, when it carries one. */
  readonly accountId: number | undefined;
  readonly accessTokenExpiration: string | undefined;
  readonly refreshTokenExpiration: string | undefined;
}

/** The ticket of a successful answer that carries an accessToken; undefined otherwise. */
export function ticketOf(context: RunContext, exchange: Exchange): Ticket | undefined {
  if (!succeeded(context.plan, exchange)) return undefined;
  const body = (exchange.json ?? {}) as Record<string, unknown>;
  if (typeof body.accessToken !== 'string' || body.accessToken === '') return undefined;
  const account = body.customerAccount as { id?: unknown } | null | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    accessToken: body.accessToken,
    refreshToken: text(body.refreshToken),
    accountId: typeof account?.id === 'number' ? account.id : undefined,
    accessTokenExpiration: text(body.accessTokenExpiration),
    refreshTokenExpiration: text(body.refreshTokenExpiration),
  };
}

/** createUserAuthTicket with a user name and password (and anything else of CustomerUserAuthInfo). */
export function signIn(
  context: RunContext,
  username: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<Exchange> {
  return context.call(operations.createUserAuthTicket, { body: { username, password, ...extra } });
}

/** The headers that name a signed-in shopper. */
export function asShopper(ticket: Ticket): Record<string, string> {
  return { [userClaimsHeader]: ticket.accessToken };
}
