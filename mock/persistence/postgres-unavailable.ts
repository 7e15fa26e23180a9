import pg from 'pg';
import { KiboHttpError, serviceUnavailable } from '../http/error-catalogue.ts';

/** What a client is told to wait before trying again: pg.Pool reconnects on the next request. */
export const retryAfterSeconds = 1;

// SQLSTATE classes of a server that is gone or refusing, not of a wrong query: 08 connection
// exception, 53 insufficient resources (too many connections), 57 operator intervention
// (admin_shutdown when PostgreSQL stops, cannot_connect_now while it starts).
const unavailableClasses = new Set(['08', '53', '57']);
// Errors of the socket under the driver.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// What pg itself throws when the connection ends or a connect/query times out.
const driverMessages =
  /connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable|connection error/i;

/** Whether `error` says the database cannot be reached now (a retry may work), rather than a bug. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return unavailableClasses.has(error.code?.slice(0, 2) ?? '');
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && socketCodes.has(code)) || driverMessages.test(error.message);
}

/** A 503 the request answers when the store is unreachable; any other error as it was. */
export function asUnavailable(error: unknown): unknown {
  return isUnreachable(error)
    ? serviceUnavailable("the mock's shared store (PostgreSQL) cannot be reached", retryAfterSeconds)
    : error;
}

/** The 503 of an unreachable store (after which a transaction is abandoned, never committed). */
export function isUnavailableAnswer(error: unknown): boolean {
  return error instanceof KiboHttpError && error.status === 503;
}
