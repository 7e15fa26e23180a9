import { createHash, timingSafeEqual } from 'node:crypto';
import { refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { Guard } from '../http/guard.ts';

/**
 * Auth of the admin API (mock-admin.yaml's `adminToken` scheme): with an admin token every call
 * must carry it (compared in constant time); without one the API is open, which the server only
 * allows on loopback (see admin-token.ts).
 */
export function adminGuard(adminToken: string | undefined): Guard<undefined, undefined> {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return {
    authenticate(c, plan) {
      if (expected === undefined || plan.security.length === 0) return Promise.resolve(undefined);
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw unauthorized(
          `${refusedCredentials}: the admin API needs the admin token`,
          'Bearer realm="kibo-mock-admin"',
        );
      }
      return Promise.resolve(undefined);
    },
    authorize: () => undefined,
    authorizeFields: () => undefined,
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
