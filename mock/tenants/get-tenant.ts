import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';
import type { KiboAccess } from '../auth/kibo-guard.ts';
import { notFound } from '../http/error-catalogue.ts';
import type { OperationHandler } from '../http/operation-context.ts';

type Tenant = components['schemas']['Tenant'];

/**
 * GET /platform/tenants/{tenantId} on the auth host: a tenant the token may use, with its domain
 * and its one site's pointing back at the host the request reached, so that Kibo's SDK, which
 * calls `https://{domain}/api/…` next, keeps talking to this mock.
 */
export function getTenantHandler(plan: OperationPlan): OperationHandler<KiboAccess> {
  return (context) => {
    const tenantId = context.path.tenantId as number;
    if (!context.access?.claims.tenants.includes(tenantId)) {
      throw notFound(`tenant ${tenantId} is not one of this application's tenants`, {
        TenantId: String(tenantId),
      });
    }
    return { status: plan.success.status, body: tenantAt(tenantId, context.host) };
  };
}

function tenantAt(id: number, domain: string): Tenant {
  const locale = { defaultCurrencyCode: 'USD', defaultLocaleCode: 'en-US' };
  const siteId = id + 1;
  return {
    id,
    name: `Mock tenant ${id}`,
    domain,
    isDevTenant: true,
    isUnified: true,
    expiry: null,
    lastLoginDate: null,
    attributes: [],
    masterCatalogs: [
      {
        id: 1,
        name: 'Master catalog',
        tenantId: id,
        ...locale,
        supportedLocaleCodes: ['en-US'],
        catalogs: [{ id: 1, name: 'Catalog', masterCatalogId: 1, tenantId: id, ...locale }],
      },
    ],
    sites: [
      {
        id: siteId,
        tenantId: id,
        name: `Mock site ${siteId}`,
        domain,
        primaryCustomDomain: null,
        catalogId: 1,
        countryCode: 'US',
        currencyCode: 'USD',
        localeCode: 'en-US',
        attributes: [],
      },
    ],
  };
}
