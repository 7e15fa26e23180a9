import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { kiboHostIds } from '../../openapi/kibo-host-ids.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { MockConfig } from '../auth/config.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { refreshDigest, type ShopperTokens } from '../auth/shopper-tokens.ts';
import type { CustomerAccount } from '../accounts/account-store.ts';
import type { HeldRefresh, LoginRecord } from '../accounts/login-record.ts';
import type { OperationContext } from '../http/operation-context.ts';

type CustomerAuthTicket = components['schemas']['CustomerAuthTicket'];

/** Durations a caller asked for (a sign-in's TTL fields, a refreshed ticket's), in minutes. */
export interface RequestedLifetimes {
  readonly accessMinutes?: number | null;
  readonly refreshMinutes?: number | null;
}

export interface IssuedTicket {
  readonly ticket: CustomerAuthTicket;
  /** What the account's login record holds of the new refresh token (none for anonymous shoppers). */
  readonly held?: HeldRefresh;
}

export interface TicketIssuer {
  /** A signed-in shopper's ticket for `account` (with its id and userId), `record` its login. */
  forAccount(
    context: OperationContext<KiboAccess>,
    account: CustomerAccount & { readonly id: number },
    record: LoginRecord,
    requested: RequestedLifetimes,
  ): Promise<IssuedTicket>;
  /** An anonymous shopper's ticket: no account, no refresh token. */
  anonymous(context: OperationContext<KiboAccess>): Promise<IssuedTicket>;
}

/**
 * Tickets as every sign-in path answers them (a sign-in, a refresh, a sign-up, an anonymous
 * shopper). Durations: what the caller asked for, else the account's (its TTL fields when created),
 * else the ticket schema's `x-default-lifetime-minutes` (`plan`: any operation answering a
 * CustomerAuthTicket), else the configuration's token lifetimes.
 */
export function ticketIssuer(
  plan: OperationPlan,
  deps: { readonly shoppers: () => ShopperTokens; readonly config: () => MockConfig },
): TicketIssuer {
  const defaults = plan.success.defaultLifetimes;
  const lifetimes = (requested: RequestedLifetimes, record: LoginRecord | undefined) => ({
    accessMinutes:
      requested.accessMinutes ??
      record?.ticketMinutes ??
      defaults.get('accessTokenExpiration') ??
      deps.config().accessTokenTtlSeconds / 60,
    refreshMinutes:
      requested.refreshMinutes ??
      record?.refreshMinutes ??
      defaults.get('refreshTokenExpiration') ??
      deps.config().refreshTokenTtlSeconds / 60,
  });
  const base = (context: OperationContext<KiboAccess>) => {
    if (!context.access) throw new Error(`${context.plan.operationId} issues tickets only with an app token`);
    return {
      clientId: context.access.claims.clientId,
      tenantId: context.access.tenant.tenantId,
      ...siteOf(context.host),
    };
  };
  return {
    async forAccount(context, account, record, requested) {
      const { accessMinutes, refreshMinutes } = lifetimes(requested, record);
      const userId = account.userId ?? String(account.id);
      const issued = await deps.shoppers().ticket({
        ...base(context),
        shopper: {
          accountId: account.id,
          userId,
          userName: account.userName ?? account.emailAddress ?? userId,
        },
        accessSeconds: Math.round(accessMinutes * 60),
        refreshSeconds: Math.round(refreshMinutes * 60),
      });
      const held =
        issued.refreshToken === undefined || issued.refreshExpiresAt === undefined
          ? undefined
          : {
              digest: await refreshDigest(issued.refreshToken),
              expiresAt: issued.refreshExpiresAt,
              accessMinutes,
              refreshMinutes,
            };
      return {
        ticket: {
          accessToken: issued.accessToken,
          accessTokenExpiration: issued.accessTokenExpiration,
          refreshToken: issued.refreshToken ?? null,
          refreshTokenExpiration: issued.refreshTokenExpiration,
          jwtAccessToken: issued.jwtAccessToken,
          userId,
          requires2FA: false,
          customerAccount: account,
        },
        ...(held ? { held } : {}),
      };
    },
    async anonymous(context) {
      const { accessMinutes } = lifetimes({}, undefined);
      const issued = await deps.shoppers().ticket({
        ...base(context),
        accessSeconds: Math.round(accessMinutes * 60),
        refreshSeconds: 0,
      });
      return {
        ticket: {
          accessToken: issued.accessToken,
          accessTokenExpiration: issued.accessTokenExpiration,
          jwtAccessToken: issued.jwtAccessToken,
          refreshToken: null,
          userId: null,
          requires2FA: false,
        },
      };
    },
  };
}

/** The site a Kibo host names (`t{tenant}-s{site}.…`), as the ticket's claims carry it. */
function siteOf(host: string): { siteId?: number } {
  const site = kiboHostIds(host).siteId;
  return site === undefined ? {} : { siteId: Number(site) };
}
