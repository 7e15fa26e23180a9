import type { PasswordHasher } from '../auth/password-hash.ts';
import type { components } from '../../openapi/types.gen.ts';

type LoginState = components['schemas']['LoginState'];

/** A refresh token the account holds, kept as its digest only. */
export interface HeldRefresh {
  readonly digest: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
  /** The durations of the ticket it came with, which the ticket it is traded for keeps. */
  readonly accessMinutes: number;
  readonly refreshMinutes: number;
}

/** A password-reset confirmation code waiting to be used, kept as its digest only. */
export interface PendingReset {
  readonly digest: string;
  readonly expiresAt: number;
}

/**
 * What the mock knows of an account's sign-in beside the account itself: how its password is
 * checked, failed attempts, dates, ticket lifetimes, live refresh tokens and a pending reset.
 * Stored per account next to the account; an account without one (a generated account nobody
 * signed in as) has `initialLogin`'s. Never answered as it is: LoginState is derived from it.
 */
export interface LoginRecord {
  /**
   * How the password is checked: `generated` (the dataset's derived password), `hash` (a salted
   * hash the mock made), `imported` (an externalPassword hash), `none` (no password: sign-in
   * refused until one is set).
   */
  readonly password:
    | { readonly kind: 'generated' }
    | { readonly kind: 'hash'; readonly hash: string }
    | { readonly kind: 'imported'; readonly hash: string }
    | { readonly kind: 'none' };
  readonly failedAttempts: number;
  readonly firstFailedAt: string | null;
  readonly lastLockedOn: string | null;
  readonly lastLoginOn: string | null;
  readonly lastPasswordChangeOn: string | null;
  readonly passwordChangeRequired: boolean;
  readonly createdOn: string | null;
  readonly updatedOn: string | null;
  /** authTicketTtlMinutes / refreshTokenTtlMinutes the account was created or signed in with. */
  readonly ticketMinutes: number | null;
  readonly refreshMinutes: number | null;
  readonly refreshTokens: readonly HeldRefresh[];
  readonly reset: PendingReset | null;
}

/** Refresh tokens an account holds at most (its newest sign-ins); an older one stops working. */
export const maxHeldRefreshTokens = 5;

/** The record of an account nobody has signed in as: a generated one, or one made before. */
export function initialLogin(createdOn: string | null): LoginRecord {
  return {
    password: { kind: 'generated' },
    failedAttempts: 0,
    firstFailedAt: null,
    lastLockedOn: null,
    lastLoginOn: null,
    lastPasswordChangeOn: null,
    passwordChangeRequired: false,
    createdOn,
    updatedOn: createdOn,
    ticketMinutes: null,
    refreshMinutes: null,
    refreshTokens: [],
    reset: null,
  };
}

/**
 * Kibo's LoginState of an account, from its record, its lock and the lockout limit. Without a
 * limit (the lockout assumption turned off) nothing counts down, so remainingLoginAttempts is
 * left out rather than made up.
 */
export function loginStateOf(
  record: LoginRecord,
  isLocked: boolean,
  maxFailedLogins: number | undefined,
): LoginState {
  return {
    isPasswordChangeRequired: record.passwordChangeRequired || record.password.kind === 'none',
    lastPasswordChangeOn: record.lastPasswordChangeOn,
    isLocked,
    lastLockedOn: record.lastLockedOn,
    failedLoginAttemptCount: record.failedAttempts,
    ...(maxFailedLogins === undefined
      ? {}
      : { remainingLoginAttempts: Math.max(0, maxFailedLogins - record.failedAttempts) }),
    firstFailedLoginAttemptOn: record.firstFailedAt,
    lastLoginOn: record.lastLoginOn,
    createdOn: record.createdOn,
    updatedOn: record.updatedOn,
  };
}

/** The record after a failed sign-in; `locks` says whether that attempt reached the limit. */
export function afterFailedSignIn(
  record: LoginRecord,
  at: string,
  maxFailedLogins: number,
): { readonly record: LoginRecord; readonly locks: boolean } {
  const failedAttempts = record.failedAttempts + 1;
  const locks = failedAttempts >= maxFailedLogins;
  return {
    locks,
    record: {
      ...record,
      failedAttempts,
      firstFailedAt: record.firstFailedAt ?? at,
      lastLockedOn: locks ? at : record.lastLockedOn,
      updatedOn: at,
    },
  };
}

/** The record after a successful sign-in: the count starts over, the new refresh token is held. */
export function afterSignIn(record: LoginRecord, at: string, refresh: HeldRefresh | undefined): LoginRecord {
  return {
    ...withRefresh(record, at, undefined, refresh),
    failedAttempts: 0,
    firstFailedAt: null,
    lastLoginOn: at,
  };
}

/**
 * The record holding `added` in place of `used` (a refresh token traded, or none), less the
 * expired ones, keeping the newest `maxHeldRefreshTokens`.
 */
export function withRefresh(
  record: LoginRecord,
  at: string,
  used: HeldRefresh | undefined,
  added: HeldRefresh | undefined,
): LoginRecord {
  const now = Date.parse(at);
  const live = record.refreshTokens.filter((held) => held !== used && held.expiresAt > now);
  return {
    ...record,
    updatedOn: at,
    refreshTokens: added ? [...live, added].slice(-maxHeldRefreshTokens) : live,
  };
}

/**
 * The record after the password changed (by the shopper, a reset or an admin): failures are
 * forgotten, a required change is done, every refresh token and pending reset stops working.
 */
export function afterPasswordChange(record: LoginRecord, hash: string, at: string): LoginRecord {
  return {
    ...record,
    password: { kind: 'hash', hash },
    failedAttempts: 0,
    firstFailedAt: null,
    lastPasswordChangeOn: at,
    passwordChangeRequired: false,
    updatedOn: at,
    refreshTokens: [],
    reset: null,
  };
}

/**
 * The account's record: the stored one, or, for an account nobody signed in as yet, the initial
 * one (a generated account signs in with the dataset's password).
 */
export function recordOf(stored: LoginRecord | undefined, createdOn: string | null | undefined): LoginRecord {
  return stored ?? initialLogin(createdOn ?? null);
}

/**
 * Whether `password` is the account's: the dataset's derived password for a generated account
 * that never changed it, else the stored hash (the mock's scrypt, or an imported bcrypt hash).
 */
export function passwordMatches(
  record: LoginRecord,
  password: string,
  generated: string | undefined,
  hasher: PasswordHasher,
): boolean {
  switch (record.password.kind) {
    case 'generated':
      return generated !== undefined && sameText(password, generated);
    case 'hash':
    case 'imported':
      return hasher.verify(password, record.password.hash);
    case 'none':
      return false;
  }
}

/** Equal texts, compared in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}
