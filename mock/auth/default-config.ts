import type { MockConfig } from './config.ts';

/**
 * The embedded configuration: the mock runs with it when no file is given (DESIGN.md, "Auth").
 * The signing key is public on purpose: tokens of a local mock guard nothing, and a known key lets
 * any test or tool mint tokens the mock accepts. A shared deployment should set its own.
 */
export const defaultConfig: MockConfig = {
  issuer: 'urn:kibo-accounts-mock:auth',
  audience: 'urn:kibo-accounts-mock:api',
  signingKey: 'kibo-accounts-mock-public-signing-key-not-a-secret',
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 86400,
  defaultTenant: 100000,
  clients: [
    { clientId: 'mock.app.1.0.0.Release', clientSecret: 'mock-secret', tenants: [100000], behaviors: 'all' },
    {
      clientId: 'mock.limited.1.0.0.Release',
      clientSecret: 'mock-secret',
      tenants: [100000],
      behaviors: 'all',
      // The one behavior name written in code: this client exists to show the 403 on TTL fields.
      withoutBehaviors: ['customer-auth:configure-token-durations'],
    },
  ],
};
