import { refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { Guard } from '../http/guard.ts';
import { sameSecret } from './web-crypto.ts';

/**
 * Auth of the admin API (mock-admin.yaml's `adminToken` scheme): with an admin token every call
 * must carry it (compared in constant time); without one the API is open, which the server only
 * allows on loopback (see admin-token.ts).
 */
export function adminGuard(adminToken: string | undefined): Guard<undefined, undefined> {
  return {
    async authenticate(c, plan) {
      if (adminToken === undefined || plan.security.length === 0) return undefined;
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !(await sameSecret(adminToken, given))) {
        throw unauthorized(
          `${refusedCredentials}: the admin API needs the admin token`,
          'Bearer realm="kibo-mock-admin"',
        );
      }
      return undefined;
    },
    authorize: () => undefined,
    authorizeFields: () => undefined,
  };
}
