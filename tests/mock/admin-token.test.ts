import { describe, expect, it } from 'vitest';
import { adminTokenFor } from '../../mock/admin/admin-token.ts';

describe('the admin token of a listening mock', () => {
  it('leaves the admin API open on loopback when no token is given', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) {
      expect(adminTokenFor(host, undefined)).toEqual({ token: undefined, generated: false });
    }
  });

  it('makes up a token beyond loopback', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10', 'mock.internal', '127.0.0.1.example.com']) {
      const { token, generated } = adminTokenFor(host, undefined);
      expect(generated).toBe(true);
      expect(token).toMatch(/^[\w-]{24}$/);
    }
    expect(adminTokenFor('0.0.0.0', undefined).token).not.toBe(adminTokenFor('0.0.0.0', undefined).token);
  });

  it('uses a given token everywhere', () => {
    expect(adminTokenFor('127.0.0.1', 'mine')).toEqual({ token: 'mine', generated: false });
    expect(adminTokenFor('0.0.0.0', 'mine')).toEqual({ token: 'mine', generated: false });
  });
});
