import { parseArgs } from 'node:util';
import { defaults } from './app.ts';
import { defaultConfig, loadConfigFile } from './config.ts';
import { defaultHost, defaultPort, startServer } from './server.ts';

const usage = `Usage: npm start -- [--port N] [--host H] [--seed N] [--accounts N] [--now ISO] [--config FILE]

  --port N       port to listen on (default ${defaultPort}, or $PORT)
  --host H       address to listen on (default ${defaultHost}; 0.0.0.0 for every interface)
  --seed N       seed of the generated accounts (default ${defaults.seed})
  --accounts N   generated accounts per tenant (default ${defaults.accounts})
  --now ISO      freeze the clock, e.g. 2026-01-01T00:00:00Z: responses repeat byte for byte
  --config FILE  JSON or YAML file with signing key, issuer, audience and clients, merged over the embedded default`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number (got "${value}")`);
  return Number(value);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        accounts: { type: 'string' },
        now: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

let config = defaultConfig;
try {
  if (values.config) config = loadConfigFile(values.config);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const server = await startServer({
  port: wholeNumber('port', values.port ?? process.env.PORT, defaultPort),
  host: values.host ?? defaultHost,
  seed: wholeNumber('seed', values.seed, defaults.seed),
  accounts: wholeNumber('accounts', values.accounts, defaults.accounts),
  now: values.now,
  config,
  log: (line) => process.stdout.write(`${line}\n`),
}).catch((error: unknown) =>
  fail(`Could not start the mock: ${error instanceof Error ? error.message : String(error)}`),
);

// Installed before the banner: whoever reads "listening" may signal at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
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

const [app] = config.clients;
process.stdout.write(`Kibo customer-accounts mock listening on ${server.url}/api
  document:      ${server.url}/openapi.json
  tenant:        ${config.defaultTenant}  (seed ${values.seed ?? defaults.seed}, ${values.accounts ?? defaults.accounts} accounts${values.now ? `, clock fixed at ${values.now}` : ''})
  clients:       ${config.clients.map((c) => (values.config ? c.clientId : `${c.clientId} / ${c.clientSecret}`)).join(', ')}
  get a token:   curl -s -X POST ${server.url}/api/platform/applications/authtickets/oauth \\
                   -H 'Content-Type: application/json' \\
                   -d '{"client_id":"${app?.clientId ?? 'CLIENT'}","client_secret":"${values.config ? '<secret>' : (app?.clientSecret ?? '')}","grant_type":"client_credentials"}'
             or: npm run -s token
`);
