import { SignJWT, jwtVerify, decodeProtectedHeader, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { splitJwt, tamperSignature, unsignedCopy } from '../../contracts/tokens.ts';

const key = new TextEncoder().encode('a-test-signing-key-of-enough-length');
const token = await new SignJWT({ sub: 'app', scope: 'x' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .sign(key);

describe('token forgeries', () => {
  it('alters the signature so that verification fails, keeping header and claims', async () => {
    const tampered = tamperSignature(token) ?? '';
    expect(tampered.split('.').slice(0, 2)).toEqual(token.split('.').slice(0, 2));
    expect(tampered).not.toBe(token);
    await expect(jwtVerify(tampered, key)).rejects.toThrow('signature verification failed');
  });

  it('re-encodes the token with alg none and an empty signature', () => {
    const unsigned = unsignedCopy(token) ?? '';
    expect(unsigned.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(unsigned)).toEqual({ alg: 'none', typ: 'JWT' });
    expect(decodeJwt(unsigned)).toEqual(decodeJwt(token));
  });

  it('leaves tokens that are not JWTs alone', () => {
    expect(splitJwt('opaque-token')).toBeUndefined();
    expect(tamperSignature('a.b')).toBeUndefined();
    expect(unsignedCopy('not.a.jwt')).toBeUndefined();
  });
});
