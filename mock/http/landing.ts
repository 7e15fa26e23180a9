import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import type { MockEnv } from './mock-env.ts';

/**
 * What `/` and the bare API base (`/api`) answer: where the docs, the documents, the admin API
 * and the token endpoint are. A browser gets a small page, anything else JSON.
 */
export function landing(api: ApiPlan, admin: ApiPlan, docsPath: string | undefined) {
  const oauth = api.operation('oauthAuthenticateApp');
  return (c: Context<MockEnv>) => {
    const origin = new URL(c.req.url).origin;
    const links = {
      name: api.loaded.document.info.title,
      api: `${origin}${api.basePath}`,
      ...(docsPath === undefined ? {} : { docs: `${origin}${docsPath}` }),
      document: `${origin}/openapi.json`,
      adminApi: `${origin}${admin.basePath}`,
      adminDocument: `${origin}${admin.basePath}${admin.operation('getAdminDocument').path}`,
      token: `${oauth.method} ${origin}${oauth.basePath}${oauth.path}`,
    };
    const type = accepts(c, {
      header: 'Accept',
      supports: ['application/json', 'text/html'],
      default: 'application/json',
    });
    if (type !== 'text/html') return c.json(links);
    const row = (label: string, href: string) => `<li>${label}: <a href="${href}">${href}</a></li>`;
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(links.name)} — mock</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto">
<h1>${escapeHtml(links.name)} — mock</h1>
<ul>
${links.docs ? row('API reference (try it here)', links.docs) : ''}
${row('The API, under', links.api)}
${row('Its OpenAPI document', links.document)}
${row('The admin API (scenarios, resets, the request journal)', `${links.adminApi}${admin.operation('getMockStatus').path}`)}
${row('The admin API’s document', links.adminDocument)}
<li>Tokens: <code>${escapeHtml(links.token)}</code></li>
</ul></body></html>`);
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
