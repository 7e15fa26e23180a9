import { Hono } from 'hono';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { notFound } from './error-catalogue.ts';
import { forThisMock } from './for-this-mock.ts';
import { escapeHtml } from './landing.ts';
import type { MockEnv } from './mock-env.ts';
import { withAssumptionNotes } from './with-assumption-notes.ts';

/** The reference page's static files (Swagger UI's), read by whoever has files: the Node shell. */
export interface DocsAssets {
  /** The file of that name, or undefined when there is none. */
  read(name: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

export interface DocsDependencies {
  readonly api: ApiPlan;
  readonly admin: ApiPlan;
  readonly assets: DocsAssets;
  /** The client the page logs in with for "try it", when its credentials are public (the embedded default's). */
  readonly login: () => { readonly clientId: string; readonly clientSecret: string } | undefined;
}

export const docsPath = '/docs';

const types: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/**
 * `/docs`: Swagger UI rendering both documents as this mock serves them (its servers point here),
 * with "try it" on and, for the embedded default client, a token fetched from the mock's own
 * oauth endpoint when the page opens. The API document tells each of the kit's assumptions apart
 * in its descriptions, and the page shows the `x-` extensions too. Its files come from the
 * package, never a CDN.
 */
export function docsRoutes(deps: DocsDependencies): Hono<MockEnv> {
  const { api, admin } = deps;
  const oauth = api.operation('oauthAuthenticateApp');
  const bearerSchemes = Object.entries(api.loaded.document.components?.securitySchemes ?? {})
    .filter(([, scheme]) => 'scheme' in scheme && scheme.type === 'http' && scheme.scheme === 'bearer')
    .map(([name]) => name);
  const documents = [
    { url: `${docsPath}/customer-accounts.json`, name: api.loaded.document.info.title },
    { url: `${docsPath}/mock-admin.json`, name: admin.loaded.document.info.title },
  ];
  const adminDocument = `${admin.basePath}${admin.operation('getAdminDocument').path}`;
  const forReaders = withAssumptionNotes(api.loaded.source, api.assumptions);

  const routes = new Hono<MockEnv>();
  routes.get('/', (c) => {
    const config = {
      documents,
      tokenUrl: `${oauth.basePath}${oauth.path}`,
      bearerSchemes,
      login: deps.login() ?? null,
    };
    // `<` escaped, so no value can close the script element it sits in.
    const json = JSON.stringify(config).replace(/</g, '\\u003c');
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(api.loaded.document.info.title)} — API reference</title>
<link rel="stylesheet" href="${docsPath}/swagger-ui.css">
<style>
  .mock-bar { font: 14px/1.6 system-ui, sans-serif; padding: 8px 20px; background: #1f2a37; color: #e5e7eb }
  .mock-bar a { color: #93c5fd; margin-right: 1.2em }
</style></head>
<body>
<nav class="mock-bar">This mock:
  <a href="/openapi.json">API document</a><a href="${adminDocument}">admin API document</a><a href="/">links</a>
  <span id="mock-auth">no token yet</span></nav>
<div id="swagger-ui"></div>
<script type="application/json" id="mock-docs">${json}</script>
<script src="${docsPath}/swagger-ui-bundle.js"></script>
<script src="${docsPath}/swagger-ui-standalone-preset.js"></script>
<script src="${docsPath}/init.js"></script>
</body></html>`);
  });
  routes.get('/init.js', (c) => c.body(initScript, 200, { 'content-type': types.js ?? '' }));
  routes.get('/customer-accounts.json', (c) => c.json(forThisMock(forReaders, new URL(c.req.url).origin)));
  routes.get('/mock-admin.json', (c) => c.json(forThisMock(admin.loaded.source, new URL(c.req.url).origin)));
  routes.get('/:file{[a-z-]+\\.(js|css)}', async (c) => {
    const file = c.req.param('file');
    const body = await deps.assets.read(file);
    if (!body) throw notFound(`the reference has no file ${file}`);
    return c.body(body, 200, {
      'content-type': types[file.replace(/^.*\./, '')] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=3600',
    });
  });
  return routes;
}

// Runs in the page: Swagger UI over both documents, then a token for the bearer schemes.
const initScript = `const config = JSON.parse(document.getElementById('mock-docs').textContent);
const state = document.getElementById('mock-auth');
const ui = SwaggerUIBundle({
  urls: config.documents,
  'urls.primaryName': config.documents[0].name,
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  tryItOutEnabled: true,
  displayRequestDuration: true,
  // x-kit-assumption and the other rules the document states as extensions, shown where they sit.
  showExtensions: true,
  showCommonExtensions: true,
  onComplete: authorize,
});
async function authorize() {
  if (!config.login) {
    state.textContent = 'log in with Authorize (POST ' + config.tokenUrl + ')';
    return;
  }
  const answer = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: config.login.clientId, client_secret: config.login.clientSecret, grant_type: 'client_credentials' }),
  });
  if (!answer.ok) {
    state.textContent = 'no token: the oauth endpoint answered ' + answer.status;
    return;
  }
  const { access_token } = await answer.json();
  for (const scheme of config.bearerSchemes) ui.preauthorizeApiKey(scheme, access_token);
  state.textContent = 'authorized as ' + config.login.clientId;
}
`;
