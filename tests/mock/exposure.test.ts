import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock/auth/config.ts';
import { exposureOf } from '../../mock/cli/exposure.ts';

// The CLI prints these warnings in its banner and stops on a refusal; tested here without binding
// to every interface of the machine running the tests.
const own = {
  ...defaultConfig,
  signingKey: 'a-signing-key-of-our-own-with-enough-length-0123456789',
  clients: defaultConfig.clients.map((client) => ({ ...client, clientSecret: `own-${client.clientId}` })),
};

describe('listening beyond loopback', () => {
  it('warns in the banner with your own key and secrets, and listens', () => {
    const exposure = exposureOf('0.0.0.0', own, own.clients, false);
    expect(exposure.refusal).toBeUndefined();
    expect(exposure.warnings).toEqual([
      'WARNING: listening on 0.0.0.0: anyone who can reach this port can use the API with your configured clients',
    ]);
  });

  it('refuses the embedded key or a default secret unless --insecure-defaults, then warns', () => {
    const refused = exposureOf('192.0.2.10', defaultConfig, defaultConfig.clients, false);
    expect(refused.refusal).toContain('Refusing to listen on 192.0.2.10 with the embedded signing key');
    const allowed = exposureOf('192.0.2.10', defaultConfig, defaultConfig.clients, true);
    expect(allowed.refusal).toBeUndefined();
    expect(allowed.warnings[0]).toMatch(/^WARNING: listening on 192\.0\.2\.10 with the embedded signing key/);
  });

  it('says nothing on loopback', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      expect(exposureOf(host, defaultConfig, defaultConfig.clients, false)).toEqual({ warnings: [] });
    }
  });
});
