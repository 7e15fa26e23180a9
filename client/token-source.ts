import { errorSummary } from './error-summary.ts';
import { locate, type Call } from './http-client.ts';
import { clientCredentials, tokenOperation } from './fetch-token.ts';
import type { Pacer } from './pacer.ts';
import { sleep } from './pacer.ts';
import { isRetryableStatus, retryDelay, type RetryPolicy } from './retry-policy.ts';

/** The bearer tokens of a run: fetched once, renewed before they expire or when refused. */
export interface TokenSource {
  get(): Promise<string>;
  /** A token other than `refused`: fetched anew, unless another worker already did. */
  renew(refused: string): Promise<string>;
}

/** No token could be had: the run cannot go on. The message never holds the secret. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface TokenSourceOptions {
  readonly call: Call;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** A ready token (--token): used as is, and never renewed. */
  readonly token?: string;
  readonly policy: RetryPolicy;
  readonly pacer: Pacer;
  readonly signal?: AbortSignal;
  /** Hears every token, so the redactor can hide it. */
  readonly onToken: (token: string) => void;
  readonly clock?: () => number;
}

interface Ticket {
  readonly token: string;
  readonly renewAt: number;
}

// Kibo's Postman collection renews after 50 of 60 minutes; keep the same margin for any lifetime.
const usableShare = 5 / 6;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { call, clientId, clientSecret, policy, pacer, signal, clock = Date.now } = options;
  let ticket: Ticket | undefined =
    options.token === undefined ? undefined : { token: options.token, renewAt: Infinity };
  let pending: Promise<Ticket> | undefined;

  async function fetchTicket(): Promise<Ticket> {
    if (clientId === undefined || clientSecret === undefined) {
      throw new TokenError('the target refused the token, and no --client-id / --client-secret were given');
    }
    const body = clientCredentials(clientId, clientSecret);
    for (let attempt = 1; ; attempt++) {
      if (!(await pacer.ready(signal))) throw new TokenError('interrupted while getting a token');
      let problem: string;
      let retryAfter: string | null = null;
      try {
        const reply = await call(tokenOperation, { body });
        const json = reply.json as { access_token?: unknown; expires_in?: unknown } | undefined;
        const succeeded = reply.status >= 200 && reply.status <= 299;
        if (succeeded && typeof json?.access_token === 'string' && json.access_token !== '') {
          options.onToken(json.access_token);
          const lifetimeMs = typeof json.expires_in === 'number' ? json.expires_in * 1000 : Infinity;
          return { token: json.access_token, renewAt: clock() + lifetimeMs * usableShare };
        }
        problem = `${locate(reply)}${errorSummary(reply)}`;
        if (!isRetryableStatus(reply.status)) throw new TokenError(gaveUp(problem));
        retryAfter = reply.headers.get('retry-after');
      } catch (error) {
        if (error instanceof TokenError) throw error;
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= policy.maxAttempts)
        throw new TokenError(gaveUp(`${problem} (after ${attempt} attempts)`));
      const wait = retryDelay(policy, attempt, retryAfter, clock());
      if (!(await sleep(wait, signal))) throw new TokenError('interrupted while getting a token');
    }
  }

  function gaveUp(problem: string): string {
    return `could not get a token for client ${clientId ?? '(none)'}: ${problem}`;
  }

  function fetchOnce(): Promise<Ticket> {
    pending ??= fetchTicket()
      .then((fresh) => (ticket = fresh))
      .finally(() => (pending = undefined));
    return pending;
  }

  return {
    async get() {
      if (ticket && clock() < ticket.renewAt) return ticket.token;
      return (await fetchOnce()).token;
    },
    async renew(refused) {
      if (ticket && ticket.token !== refused) return ticket.token;
      ticket = undefined;
      return (await fetchOnce()).token;
    },
  };
}
