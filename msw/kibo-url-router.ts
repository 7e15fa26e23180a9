import type { ApiPlan } from '../openapi/operation-plan.ts';

/** Where the mock app serves a request: its path there, or undefined when the URL is not Kibo's. */
export type KiboUrlRouter = (url: URL) => string | undefined;

const loopback = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i;

/**
 * Which URLs are Kibo's, read from the document's own servers (every tenant, site and pod host
 * on any environment label, see server-patterns.ts; the home pods; not its local-mock entry)
 * plus the base URLs a project uses (`/kibo/api`, `http://localhost:4010/api`). A URL under an
 * API base is served under the mock's API path; the admin API answers beside each base, as it
 * does beside `/api` on the mock.
 */
export function kiboUrlRouter(
  api: ApiPlan,
  admin: ApiPlan,
  baseUrls: readonly URL[],
  kiboHosts: boolean,
): KiboUrlRouter {
  const hosts = kiboHosts
    ? api.servers.flatMap((server) => {
        const origin = server.origin;
        return origin && !loopback.test(server.url) ? [{ origin, path: server.path }] : [];
      })
    : [];
  const bases = baseUrls.map((base) => ({ origin: base.origin, path: base.pathname.replace(/\/+$/, '') }));
  const under = (pathname: string, prefix: string) =>
    pathname === prefix || pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
  const route = (pathname: string, basePath: string): string | undefined => {
    const inApi = under(pathname, basePath);
    if (inApi !== undefined) return `${api.basePath}${inApi}`;
    // The admin API sits beside the API base: `/api` → `/__mock`, `/kibo/api` → `/kibo/__mock`.
    const parent = basePath.replace(/\/[^/]*$/, '');
    const inAdmin = under(pathname, `${parent}${admin.basePath}`);
    return inAdmin === undefined ? undefined : `${admin.basePath}${inAdmin}`;
  };

  return (url) => {
    for (const base of bases) {
      if (url.origin === base.origin) {
        const path = route(url.pathname, base.path);
        if (path !== undefined) return path;
      }
    }
    for (const host of hosts) {
      if (host.origin.test(url.origin)) {
        const path = route(url.pathname, host.path);
        if (path !== undefined) return path;
      }
    }
    return undefined;
  };
}
