import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock/auth/config.ts';
import { refreshDigest, createShopperTokens } from '../../mock/auth/shopper-tokens.ts';

const userClaims = 'https://www.kibocommerce.com/user_claims';
const shopper = {
  accountId: 1251,
  userId: '8f0e6c1b2d3a4e5f9a7b6c5d4e3f2a1b',
  userName: 'ann.lee@example.com',
};

function tokensAt(start: number) {
  let now = start;
  const tokens = createShopperTokens(defaultConfig, () => now);
  return { tokens, advance: (ms: number) => (now += ms) };
}

describe('shopper tickets', () => {
  const request = {
    clientId: 'mock.app.1.0.0.Release',
    tenantId: 100000,
    shopper,
    accessSeconds: 600,
    refreshSeconds: 3600,
  };

  it('carry Kibo’s user claims for the account, with their own lifetimes', async () => {
    const { tokens } = tokensAt(Date.parse('2026-11-27T10:00:00Z'));
    const ticket = await tokens.ticket(request);
    expect(ticket.accessTokenExpiration).toBe('2026-11-27T10:10:00.000Z');
    expect(ticket.refreshTokenExpiration).toBe('2026-11-27T11:00:00.000Z');
    const payload = decodeJwt(ticket.jwtAccessToken);
    expect(payload).toMatchObject({ sub: shopper.userId, unique_name: shopper.userName });
    expect(payload[userClaims]).toEqual({
      anon: '0',
      uid: shopper.userId,
      accountId: 1251,
      'b.TenantId': '100000',
      'b.SiteId': null,
      bv: [],
    });
    expect(ticket.refreshToken).toMatch(/^000004e3[0-9a-f]{32}$/);
    expect(await refreshDigest(ticket.refreshToken ?? '')).not.toBe(ticket.refreshToken);
  });

  it('name the shopper when sent back as x-vol-user-claims, until they expire', async () => {
    const { tokens, advance } = tokensAt(Date.parse('2026-11-27T10:00:00Z'));
    const ticket = await tokens.ticket(request);
    const check = await tokens.verify(ticket.accessToken);
    expect(check).toMatchObject({ ok: true, tenantId: 100000, claims: { accountId: 1251 } });
    advance(601_000);
    expect(await tokens.verify(ticket.accessToken)).toEqual({
      ok: false,
      description: 'the shopper ticket in x-vol-user-claims expired',
    });
  });

  it('refuse a tampered ticket, another key’s ticket and a non-JWT', async () => {
    const { tokens } = tokensAt(Date.parse('2026-11-27T10:00:00Z'));
    const ticket = await tokens.ticket(request);
    const [header, payload, signature = ''] = ticket.jwtAccessToken.split('.');
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}AA`;
    const foreign = createShopperTokens(
      { ...defaultConfig, signingKey: 'another-signing-key-of-at-least-32-chars' },
      () => Date.parse('2026-11-27T10:00:00Z'),
    );
    const other = await foreign.ticket(request);
    for (const header of [tampered, other.jwtAccessToken, 'not-a-ticket']) {
      expect((await tokens.verify(header)).ok).toBe(false);
    }
  });

  it('give an anonymous shopper claims with anon "1" and no refresh token', async () => {
    const { tokens } = tokensAt(Date.parse('2026-11-27T10:00:00Z'));
    const ticket = await tokens.ticket({ ...request, shopper: undefined });
    expect(ticket.refreshToken).toBeUndefined();
    expect(decodeJwt(ticket.jwtAccessToken)[userClaims]).toMatchObject({
      anon: '1',
      uid: null,
      accountId: null,
    });
  });
});
