import type { Context } from 'hono';
import { forbidden, refusedCredentials, unauthorized } from '../http/error-catalogue.ts';
import type { Guard } from '../http/guard.ts';
import type { MockEnv } from '../http/mock-env.ts';
import { sameSecret } from './web-crypto.ts';

export interface AdminGuardOptions {
  /** With one, every call must carry it (compared in constant time). */
  readonly adminToken?: string;
  /** Host names the mock is reached by besides loopback ones: the address it listens on. */
  readonly hosts?: readonly string[];
}

const loopbackNames = ['localhost', '127.0.0.1', '[::1]', '::1'];
/** What a page can send another origin without a preflight (Fetch standard, "CORS-safelisted"). */
const simpleMediaTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];
const safeMethods = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Auth of the admin API (mock-admin.yaml): first what a web page could send a developer's mock —
 * another Origin, a cross-site fetch, a simple content type on a write, a rebound Host — is a 403;
 * then, with an admin token, every call must carry it. Without one the API is open, which the
 * server only allows on loopback (see admin-token.ts).
 */
export function adminGuard(options: AdminGuardOptions = {}): Guard<undefined, undefined> {
  const expected = options.adminToken;
  const hosts = new Set([...loopbackNames, ...(options.hosts ?? [])].map((host) => host.toLowerCase()));
  return {
    async authenticate(c, plan) {
      // With a token (beyond loopback) a rebound name carries no token, so any Host may come in.
      refuseBrowserOrigins(c, expected === undefined ? hosts : undefined);
      if (expected === undefined || plan.security.length === 0) return undefined;
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !(await sameSecret(expected, given))) {
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

function refuseBrowserOrigins(c: Context<MockEnv>, hosts: ReadonlySet<string> | undefined): void {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  if (hosts && !hosts.has(hostname)) {
    throw forbidden(`the admin API answers only at its own address or a loopback name (Host ${hostname})`);
  }
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    throw forbidden(
      `the admin API does not answer requests from other origins (Origin ${origin.slice(0, 100)})`,
    );
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw forbidden(`the admin API does not answer ${site} requests`);
  }
  const media = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (!safeMethods.includes(c.req.method) && media !== undefined && simpleMediaTypes.includes(media)) {
    throw forbidden(
      `the admin API does not take ${media} bodies, which any web page may send; send application/json`,
    );
  }
}
