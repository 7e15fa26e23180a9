import { defaultPasswordCost, maxPasswordCost } from '../auth/password-hash.ts';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assumptionSettingProblems, type AssumptionSettings } from '../../openapi/assumption-settings.ts';
import { adminDocumentPath, documentPath } from '../../openapi/load-document.ts';
import { loadPlan } from '../../openapi/load-plan.ts';
import { adminTokenFor } from '../admin/admin-token.ts';
import { defaults } from '../app.ts';
import { defaultConfig } from '../auth/config.ts';
import { loadConfigFile } from '../auth/config-file.ts';
import type { Scenario } from '../world/scenarios/scenario.ts';
import { loadScenarioFile, resolveScenarioFile } from '../world/scenarios/scenario-file.ts';
import { hotReload } from '../node/hot-reload.ts';
import { certificateFiles, localCertificate, type TlsCredentials } from '../node/local-certificate.ts';
import { defaultHost, defaultPort, startServer } from '../node/server.ts';
import { sqliteSince } from '../node/sqlite-storage-in.ts';
import { isPostgresUrl } from '../node/postgres-storage-at.ts';
import { shownUrl } from '../persistence/shown-url.ts';
import { exposureOf } from './exposure.ts';
import { batchedLines } from './batched-lines.ts';

const usage = `Usage: kibo-mock [--port N] [--host H] [--scenario FILE|NAME] [--seed N] [--accounts N] [--now ISO]
                 [--config FILE] [--admin-token T] [--data-dir DIR | --store URL] [--assumption ID=off|N …]
                 [--tls | --tls-cert FILE --tls-key FILE] [--document FILE] [--watch]
       (npm start -- … in this repository)

  --port N           port to listen on (default ${defaultPort}, or $PORT)
  --host H           address to listen on (default ${defaultHost}; 0.0.0.0 for every interface)
  --scenario S       a scenario file, or the name of a shipped one (scenarios/NAME.yaml):
                     default, empty-tenant, large-catalog, auth-failures, slow-and-flaky
  --seed N           seed of the generated accounts (default: the scenario's, else ${defaults.seed})
  --accounts N       generated accounts per tenant (default: the scenario's, else ${defaults.accounts})
  --now ISO          freeze the clock, e.g. 2026-01-01T00:00:00Z: responses repeat byte for byte
  --config FILE      JSON or YAML file with signing key, issuer, audience and clients, merged over
                     the embedded default
  --admin-token T    token the admin API (/__mock) asks for (or $MOCK_ADMIN_TOKEN); beyond loopback
                     one is required and made up when not given
  --data-dir DIR     keep created and deleted accounts across restarts in DIR (SQLite); restart with
                     the same --seed and --accounts (needs Node ${sqliteSince} or later)
  --store URL        keep every change in PostgreSQL (postgres://user:pass@host:5432/db, or
                     $MOCK_STORE_URL), shared by every replica started on it: run several behind a
                     load balancer. The schema is created and migrated on start
  --memory-budget M  MiB of created and changed accounts kept in memory before they move to a SQLite
                     spill file in the temp folder (default ${defaults.memoryBudgetBytes / 2 ** 20})
  --max-tenants N    the most tenants served; a token for one more gets 403 (default ${defaults.maxTenants})
  --password-cost N  log2 of scrypt's N for shoppers' password hashes, 1 to ${maxPasswordCost} (default
                     ${defaultPasswordCost}: cheap, so Bulk stays fast; 15 is production-like and slow)
  --cors-credentials-origin O
                     an origin whose pages may send credentials (cookies) to the API; repeatable
                     (others get CORS without credentials: the API takes bearer tokens)
  --insecure-defaults
                     listen beyond loopback with the embedded signing key and default secrets,
                     which is refused without it
  --assumption A     turn one of the kit's assumptions off (duplicates=off, all-or-nothing=off) or
                     give its limit (batch-limit=5000), to behave like your tenant; repeatable.
                     The ids are the document's x-kit-assumptions (the contract suite's calibration)
  --tls              serve https with a certificate for localhost and 127.0.0.1, made on first start
                     and kept in node_modules/.cache/kibo-accounts-mock/tls of the project run in
                     (or $KIBO_MOCK_CACHE_DIR/tls); the banner names the file to trust
                     (NODE_EXTRA_CA_CERTS). Kibo's SDK logging in with clientId and sharedSecret
                     needs it: it only speaks https
  --tls-cert FILE    serve https with your own certificate and key
  --tls-key FILE
  --document FILE    serve another copy of the API document (default: the kit's own)
  --admin-document F another copy of the admin API's document
  --watch            reload the documents and the scenario file when they change; an edit
                     that does not load is printed and the previous version keeps serving`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number (got "${value}")`);
  return Number(value);
}

function megabytes(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 2 ** 20;
}

function attempt<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

const { values } = attempt(() =>
  parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      accounts: { type: 'string' },
      now: { type: 'string' },
      config: { type: 'string' },
      'admin-token': { type: 'string' },
      'data-dir': { type: 'string' },
      store: { type: 'string' },
      'memory-budget': { type: 'string' },
      'max-tenants': { type: 'string' },
      'password-cost': { type: 'string' },
      'insecure-defaults': { type: 'boolean' },
      'cors-credentials-origin': { type: 'string', multiple: true },
      assumption: { type: 'string', multiple: true },
      tls: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      document: { type: 'string' },
      'admin-document': { type: 'string' },
      watch: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }),
);
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const store = values.store ?? (process.env.MOCK_STORE_URL || undefined);
if (values.watch && values['data-dir']) {
  fail('--watch reloads into a fresh state, --data-dir keeps state across restarts: use one of them');
}
if (values.watch && store) {
  fail('--watch reloads into a fresh state, --store keeps state shared between replicas: use one of them');
}
if (values['data-dir'] && store)
  fail('--data-dir (SQLite) and --store (PostgreSQL) are two homes for the changes: give one');
if (store !== undefined && !isPostgresUrl(store))
  fail(`--store takes postgres://user:password@host:5432/database (got "${store}")`);
// Paths are made absolute here, once: the loader, the app and the watcher then all name a file
// the same way (a relative --document once reloaded into a stale copy).
const document = resolve(values.document ?? documentPath);
const adminDocument = resolve(values['admin-document'] ?? adminDocumentPath);
const config = values.config ? attempt(() => loadConfigFile(values.config ?? '')) : defaultConfig;
const scenarioFile =
  values.scenario === undefined ? undefined : resolve(resolveScenarioFile(values.scenario));
const scenario = scenarioFile === undefined ? undefined : await scenarioFrom(scenarioFile);
const host = values.host ?? defaultHost;
const admin = adminTokenFor(host, values['admin-token'] ?? process.env.MOCK_ADMIN_TOKEN);
const exposure = exposureOf(
  host,
  config,
  scenario?.clients ?? config.clients,
  values['insecure-defaults'] === true,
);
if (exposure.refusal) fail(exposure.refusal);
const assumptions = await assumptionsFrom(values.assumption ?? []);
const tls = await tlsFrom(values.tls === true, values['tls-cert'], values['tls-key']);

// Every line the running mock prints goes through one batch, so they stay in order.
const requestLines = batchedLines((text) => process.stdout.write(text));
process.on('exit', requestLines.flush);
const options = {
  seed: wholeNumber('seed', values.seed),
  accounts: wholeNumber('accounts', values.accounts),
  now: values.now,
  config,
  scenario,
  adminToken: admin.token,
  dataDir: values['data-dir'],
  store,
  memoryBudgetBytes: megabytes(wholeNumber('memory-budget', values['memory-budget'])),
  maxTenants: wholeNumber('max-tenants', values['max-tenants']),
  passwordCost: wholeNumber('password-cost', values['password-cost']),
  corsCredentialOrigins: values['cors-credentials-origin'],
  assumptions,
  tls,
  document,
  adminDocument,
  // The address it listens on, for the admin API's Host check (a --watch reload needs it too).
  hosts: [host],
  log: requestLines.log,
};
const server = await startServer({
  ...options,
  port: wholeNumber('port', values.port ?? process.env.PORT) ?? defaultPort,
  host,
}).catch((error: unknown) =>
  fail(`Could not start the mock: ${error instanceof Error ? error.message : String(error)}`),
);

// Installed before the banner: whoever reads "listening" may signal at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    requestLines.flush();
    process.stdout.write(`${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Unclean shutdown: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

const world = server.mock.world();
const { plan, adminPlan } = server.mock;
const oauth = plan.operation('oauthAuthenticateApp');
const [app] = world.config.clients;
const secret = (clientSecret: string) => (values.config || scenario?.clients ? '<secret>' : clientSecret);
const seed = values.seed ?? scenario?.seed ?? defaults.seed;
const accounts = values.accounts ?? scenario?.accounts ?? defaults.accounts;
for (const warning of exposure.warnings) process.stdout.write(`${warning}\n`);
process.stdout.write(`Kibo customer-accounts mock listening on ${server.url}${plan.basePath}
  scenario:      ${world.scenario} (seed ${seed}, ${accounts} accounts per tenant${values.now ? `, clock fixed at ${values.now}` : ''})
  tenant:        ${world.config.defaultTenant}
  clients:       ${world.config.clients.map((c) => `${c.clientId} / ${secret(c.clientSecret)}`).join('\n                 ')}
  document:      ${server.url}/openapi.json${values['data-dir'] ? `\n  data dir:      ${values['data-dir']}` : ''}${store ? `\n  store:         ${shownUrl(store)} (shared by every replica on it)` : ''}${relaxedLine()}${tls ? `\n  tls:           trust ${tls.certFile}\n                 (NODE_EXTRA_CA_CERTS=${tls.certFile}; Kibo's SDK: KIBO_AUTH_HOST=${new URL(server.url).host})` : ''}
  admin API:     ${server.url}${adminPlan.basePath}${admin.token ? `  (Authorization: Bearer ${admin.generated ? admin.token : '<your admin token>'})` : ''}
  get a token:   curl -s -X ${oauth.method} ${server.url}${oauth.basePath}${oauth.path} \\
                   -H 'Content-Type: ${oauth.body?.mediaTypes[0] ?? ''}' \\
                   -d '{"client_id":"${app?.clientId ?? 'CLIENT'}","client_secret":"${secret(app?.clientSecret ?? '')}","grant_type":"client_credentials"}'
             or: npx kibo-mock-token (npm run -s token in this repository)
`);

if (values.watch) hotReload({ server, options, scenarioFile, log: options.log });

/** The assumptions this run changes (flags over the scenario's), for the banner. */
function relaxedLine(): string {
  const changed = { ...scenario?.assumptions, ...assumptions };
  const entries = Object.entries(changed).map(([id, v]) => `${id}=${v === false ? 'off' : v}`);
  return entries.length === 0
    ? ''
    : `\n  assumptions:   ${entries.join(', ')} (the rest as the document says)`;
}

/** `--tls` (the kept local certificate) or `--tls-cert` with `--tls-key` (the user's own). */
async function tlsFrom(
  local: boolean,
  cert: string | undefined,
  key: string | undefined,
): Promise<TlsCredentials | undefined> {
  if ((cert === undefined) !== (key === undefined)) fail('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) return attempt(() => certificateFiles(cert, key));
  return local ? localCertificate() : undefined;
}

/** `--assumption id=off|N`, each checked against the document's assumptions. */
async function assumptionsFrom(flags: readonly string[]): Promise<AssumptionSettings> {
  const settings: Record<string, false | number> = {};
  for (const flag of flags) {
    const [id = '', value = ''] = flag.split('=');
    if (value === 'off') settings[id] = false;
    else if (/^\d+$/.test(value)) settings[id] = Number(value);
    else fail(`--assumption takes ID=off or ID=NUMBER (got "${flag}")`);
  }
  const problems = assumptionSettingProblems(await loadPlan(document), settings);
  if (problems.length > 0) fail(`--assumption: ${problems.join('; ')}`);
  return settings;
}

/** A scenario file, checked against the document served. */
async function scenarioFrom(file: string): Promise<Scenario> {
  const plan = await loadPlan(document).catch((error: unknown) => fail(`${document}: ${String(error)}`));
  return attempt(() => loadScenarioFile(file, plan));
}
