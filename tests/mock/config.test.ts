import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadPlan } from '../../openapi/load-plan.ts';
import { loadConfigFile } from '../../mock/auth/config-file.ts';
import { clientBehaviors, defaultConfig, parseConfig } from '../../mock/auth/config.ts';
import type { ClientConfig } from '../../mock/auth/config.ts';

const plan = await loadPlan();
const documentBehaviors = plan.behaviors;
// The behavior that guards the TTL fields, read from the document rather than spelled again.
const ttlBehavior = plan
  .rulesOf('CustomerAccountAndAuthInfo')
  .guarded.find(({ path }) => path.join('.') === 'authTicketTtlMinutes')?.behavior;

const directory = mkdtempSync(join(tmpdir(), 'mock-config-'));
let files = 0;
function configFile(content: unknown, extension = 'json'): string {
  const path = join(directory, `config-${++files}.${extension}`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function client(overrides: Partial<ClientConfig> = {}): ClientConfig {
  return {
    clientId: 'acme.shop.1.0.0.Release',
    clientSecret: 's3cret',
    tenants: [100000],
    behaviors: 'all',
    ...overrides,
  };
}

test('the embedded default has the two documented clients on tenant 100000 with one-hour tokens', () => {
  expect(defaultConfig.clients.map((c) => [c.clientId, c.clientSecret, c.tenants])).toEqual([
    ['mock.app.1.0.0.Release', 'mock-secret', [100000]],
    ['mock.limited.1.0.0.Release', 'mock-secret', [100000]],
  ]);
  expect(defaultConfig.defaultTenant).toBe(100000);
  expect(defaultConfig.accessTokenTtlSeconds).toBe(3600);
  expect(defaultConfig.refreshTokenTtlSeconds).toBe(86400);
  expect(defaultConfig.signingKey.length).toBeGreaterThanOrEqual(32);
});

test('the embedded default passes its own validation', () => {
  expect(parseConfig(defaultConfig, 'default')).toEqual(defaultConfig);
});

test("'all' expands to every behavior the document declares", () => {
  const [full] = defaultConfig.clients;
  expect(documentBehaviors.length).toBeGreaterThan(1);
  expect(clientBehaviors(full!, documentBehaviors)).toEqual(documentBehaviors);
});

test('the limited client has every behavior but the one guarding the TTL fields', () => {
  const limited = defaultConfig.clients[1]!;
  expect(ttlBehavior).toBeDefined();
  expect(clientBehaviors(limited, documentBehaviors)).toEqual(
    documentBehaviors.filter((b) => b !== ttlBehavior),
  );
});

test('an explicit list keeps the document order and drops withoutBehaviors', () => {
  const [first, second, third] = documentBehaviors;
  const listed = client({ behaviors: [third!, first!, second!], withoutBehaviors: [second!] });
  expect(clientBehaviors(listed, documentBehaviors)).toEqual([first, third]);
});

test('a behavior the document does not declare is rejected, naming the client', () => {
  expect(() =>
    clientBehaviors(client({ behaviors: ['customer-accounts:craete'] }), documentBehaviors),
  ).toThrow(
    /client acme\.shop\.1\.0\.0\.Release: behaviors: customer-accounts:craete is not a behavior the document declares/,
  );
});

test('a misspelled withoutBehaviors entry is rejected rather than silently granting it', () => {
  expect(() => clientBehaviors(client({ withoutBehaviors: ['nope'] }), documentBehaviors)).toThrow(
    /withoutBehaviors: nope is not a behavior/,
  );
});

test('a partial config file is merged over the defaults', () => {
  const config = loadConfigFile(configFile({ accessTokenTtlSeconds: 60 }));
  expect(config.accessTokenTtlSeconds).toBe(60);
  expect(config.clients).toEqual(defaultConfig.clients);
  expect(config.issuer).toBe(defaultConfig.issuer);
});

test('a clients list replaces the default clients; omitted tenants and behaviors get defaults', () => {
  const config = loadConfigFile(
    configFile({ defaultTenant: 2000, clients: [{ clientId: 'acme.a.1.0.0.Release', clientSecret: 'x' }] }),
  );
  expect(config.clients).toEqual([
    { clientId: 'acme.a.1.0.0.Release', clientSecret: 'x', tenants: [2000], behaviors: 'all' },
  ]);
});

test('loadConfigFile reads YAML files', () => {
  const path = configFile(
    'issuer: https://issuer.example\nclients:\n  - clientId: y.1\n    clientSecret: z\n',
    'yaml',
  );
  const config = loadConfigFile(path);
  expect(config.issuer).toBe('https://issuer.example');
  expect(config.clients[0]?.clientId).toBe('y.1');
});

test('loadConfigFile names the file and the path of a bad client secret', () => {
  const path = configFile({ clients: [client(), { ...client({ clientId: 'b' }), clientSecret: '' }] });
  expect(() => loadConfigFile(path)).toThrow(
    `${path}: clients[1].clientSecret must be a non-empty string (got an empty string)`,
  );
});

test('config errors never echo a bad secret value', () => {
  const path = configFile({
    clients: [{ ...client(), clientSecret: 987654321 }],
    signingKey: 'short-key-123',
  });
  let message = '';
  try {
    loadConfigFile(path);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('clients[0].clientSecret must be a non-empty string (got a number)');
  expect(message).toContain('signingKey must be a string of at least 32 characters');
  expect(message).not.toContain('987654321');
  expect(message).not.toContain('short-key-123');
});

test('config errors list every problem, each with its path', () => {
  const path = configFile({
    accessTokenTtlSeconds: 0,
    defaultTenant: 'one',
    clients: [client({ tenants: [1, -2] }), client({ behaviors: 'some' as 'all' })],
  });
  const failure = () => loadConfigFile(path);
  expect(failure).toThrow('accessTokenTtlSeconds must be a positive integer (got a number)');
  expect(failure).toThrow('defaultTenant must be a positive integer (got a string of length 3)');
  expect(failure).toThrow('clients[0].tenants[1] must be a positive integer');
  expect(failure).toThrow("clients[1].behaviors must be 'all' or an array (got a string of length 4)");
  expect(failure).toThrow('clients[1].clientId duplicates clients[0].clientId');
});

test('a config file with an unknown setting is rejected, naming the known ones', () => {
  const path = configFile({ clients: [{ ...client(), secret: 'x' }], issure: 'x' });
  expect(() => loadConfigFile(path)).toThrow(/issure is not a setting \(known: issuer, audience/);
  expect(() => loadConfigFile(path)).toThrow(/clients\[0\]\.secret is not a setting/);
});

test('a config file with no clients or a client with no tenants is rejected', () => {
  expect(() => loadConfigFile(configFile({ clients: [] }))).toThrow('clients must be a non-empty array');
  expect(() => loadConfigFile(configFile({ clients: [client({ tenants: [] })] }))).toThrow(
    'clients[0].tenants must be a non-empty array (got an empty array)',
  );
});

test('loadConfigFile names the file when it is not JSON', () => {
  const path = configFile('{ "issuer": ');
  expect(() => loadConfigFile(path)).toThrow(`${path}: not valid JSON`);
});

test('loadConfigFile names the file when it is not an object', () => {
  const path = configFile([1, 2]);
  expect(() => loadConfigFile(path)).toThrow(`${path}: the configuration must be an object (got an array)`);
});

test('loadConfigFile names the file when it cannot be read', () => {
  const path = join(directory, 'missing.json');
  expect(() => loadConfigFile(path)).toThrow(`${path}: cannot read the configuration file (ENOENT)`);
});
