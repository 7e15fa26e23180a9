import type { FetchLike } from '../../../../client/target.ts';
import { isBulk, isCall, rebuild, rewriteJson, type Json } from '../fetch-rewrites.ts';
import type { BrokenImplementation } from './breakers.ts';

const signIn = /^\/authtickets$/;
const refresh = /^\/authtickets\/refresh$/;
const current = /^\/accounts\/current$/;
const oneAccount = /^\/accounts\/\d+$/;
const ofOneAccount = /^\/accounts\/\d+(\/|$)/;

/** Flaws in what a shopper may do: sign in, stay signed in, and read or change whose account. */
export const shopperFlaws: readonly BrokenImplementation[] = [
  {
    name: 'signs a shopper in with any password',
    breaks: 'contract',
    caughtBy: ['shoppers.sign-in-refusal-reveals-nothing', 'shoppers.lockout'],
    evidence: 'a wrong password was let in (expected a refusal, 401)',
    wrap: acceptAnyPassword,
  },
  {
    name: 'answers the current account of someone else',
    breaks: 'contract',
    caughtBy: ['shoppers.my-account', 'shoppers.sign-up-and-refresh'],
    evidence: 'the account of the shopper in x-vol-user-claims (got 1001)',
    // The claims are dropped: account 1001, a generated shopper, is read for whoever asks.
    wrap: (inner) => async (request) => {
      if (!isCall(request, 'GET', current)) return inner(request);
      const headers = new Headers(request.headers);
      headers.delete('x-vol-user-claims');
      const url = new URL(request.url);
      url.pathname = url.pathname.replace(/current$/, '1001');
      return inner(await rebuild(request, { url: url.toString(), headers }));
    },
  },
  {
    name: "lets an update take another account's email",
    breaks: 'assumption',
    caughtBy: ['shoppers.update-duplicate-emailAddress', 'shoppers.update-duplicate-userName'],
    evidence: 'emailAddress in other case), got 200',
    // The conflict is not looked for: the update is answered as sent.
    wrap: (inner) => async (request) => {
      if (!isCall(request, 'PUT', oneAccount)) return inner(request);
      const sent = await request.clone().text();
      const response = await inner(request);
      return response.status === 409 ? Response.json(parseObject(sent)) : response;
    },
  },
  {
    name: 'lets a refresh token work twice',
    breaks: 'assumption',
    caughtBy: ['shoppers.sign-up-and-refresh'],
    evidence: 'a refresh token used once already was let in',
    wrap: refreshTwice,
  },
  {
    name: 'lets a shopper into another account',
    breaks: 'assumption',
    caughtBy: ['shoppers.own-account-only'],
    evidence: "expected 403 (another account's shopper in x-vol-user-claims), got 200",
    // The claims are not compared with the account addressed: they are dropped.
    wrap: (inner) => async (request) => {
      if (!isCall(request, request.method, ofOneAccount)) return inner(request);
      const headers = new Headers(request.headers);
      headers.delete('x-vol-user-claims');
      return inner(await rebuild(request, { headers }));
    },
  },
  {
    name: 'refuses an unknown user as "unknown user"',
    breaks: 'assumption',
    caughtBy: ['shoppers.sign-in-refusal-reveals-nothing'],
    evidence: 'it tells which one was wrong',
    wrap: namesUnknownUsers,
  },
];

/** Sign-in with a known user name and the wrong password: signed in with the password it was created with. */
function acceptAnyPassword(inner: FetchLike): FetchLike {
  const passwords = new Map<string, string>();
  return async (request) => {
    if (isBulk(request)) {
      for (const item of parseArray(await request.clone().text())) {
        const { account, password } = item as { account?: Json; password?: unknown };
        if (typeof password !== 'string') continue;
        for (const name of [account?.emailAddress, account?.userName])
          if (typeof name === 'string') passwords.set(name.toLowerCase(), password);
      }
      return inner(request);
    }
    if (!isCall(request, 'POST', signIn)) return inner(request);
    const text = await request.clone().text();
    const response = await inner(request);
    const body = parseObject(text);
    const known = typeof body.username === 'string' ? passwords.get(body.username.toLowerCase()) : undefined;
    if (response.status !== 401 || known === undefined) return response;
    return inner(await rebuild(request, { body: JSON.stringify({ ...body, password: known }) }));
  };
}

/** A refresh token keeps answering the ticket it was first traded for. */
function refreshTwice(inner: FetchLike): FetchLike {
  const traded = new Map<string, Json>();
  return async (request) => {
    if (!isCall(request, 'PUT', refresh)) return inner(request);
    const token = new URL(request.url).searchParams.get('refreshToken') ?? '';
    const earlier = traded.get(token);
    if (earlier) return Response.json(earlier);
    const response = await inner(request);
    if (response.status !== 200) return response;
    const ticket = (await response.json()) as Json;
    traded.set(token, ticket);
    return Response.json(ticket);
  };
}

/** A refused sign-in of a user name nobody has says so: the refusal reveals who has an account. */
function namesUnknownUsers(inner: FetchLike): FetchLike {
  return async (request) => {
    if (!isCall(request, 'POST', signIn)) return inner(request);
    const { username } = parseObject(await request.clone().text());
    const response = await inner(request);
    if (response.status !== 401 || typeof username !== 'string') return response;
    const lookup = new URL('/api/commerce/customer/accounts/loginstatebyusername', request.url);
    lookup.searchParams.set('userName', username);
    const headers = new Headers({ authorization: request.headers.get('authorization') ?? '' });
    const known = await inner(new Request(lookup, { method: 'POST', headers }));
    if (known.status !== 404) return response;
    return rewriteJson(response, (body) => ({
      ...body,
      message: `Sign-in refused: unknown user ${username}`,
    }));
  };
}

function parseArray(text: string): unknown[] {
  const value = parse(text);
  return Array.isArray(value) ? value : [];
}

function parseObject(text: string): Json {
  const value = parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** A body as JSON; undefined when it is none (a request the suite sends malformed on purpose). */
function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
