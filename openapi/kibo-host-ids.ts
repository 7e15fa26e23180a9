/**
 * The tenant and site a Kibo host names, as the document's servers write them
 * (`t{tenantId}.{environment}.…`, `t{tenantId}-s{siteId}.{environment}.…`); none for any other
 * host. Read by the mock (which tenant a request is for, the site a ticket carries) and by the
 * seeder (whose shoppers a base URL's tenant gets).
 */
export function kiboHostIds(hostname: string): { readonly tenantId?: string; readonly siteId?: string } {
  const [, tenantId, siteId] = /^t(\d+)(?:-s(\d+))?\./.exec(hostname) ?? [];
  return { ...(tenantId === undefined ? {} : { tenantId }), ...(siteId === undefined ? {} : { siteId }) };
}
