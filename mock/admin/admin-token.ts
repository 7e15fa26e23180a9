import { base64url } from 'jose';
import { randomBytes } from '../auth/web-crypto.ts';

/** The admin token a mock listening on `host` uses, and whether it was made up here. */
export interface AdminToken {
  readonly token: string | undefined;
  readonly generated: boolean;
}

/**
 * A given token always applies. Without one the admin API stays open on loopback only: beyond
 * it anyone on the network could reset tenants or read the journal, so a random token is made
 * up (and printed by the CLI for its owner).
 */
export function adminTokenFor(host: string, given: string | undefined): AdminToken {
  if (given) return { token: given, generated: false };
  if (isLoopback(host)) return { token: undefined, generated: false };
  return { token: base64url.encode(randomBytes(18)), generated: true };
}

export function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/.test(host);
}
