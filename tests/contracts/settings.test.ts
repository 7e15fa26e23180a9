import { describe, expect, it } from 'vitest';
import { parseSettings, UsageError, type Settings } from '../../contracts/settings.ts';

const base = ['--base-url', 'https://t1.sandbox.mozu.com/api'];
// Where the document's first server puts the API: what --base-url must end in.
const rules = { basePath: '/api' };

function settingsOf(argv: string[], env: Record<string, string> = {}): Settings {
  const parsed = parseSettings(argv, env, rules);
  if (parsed.help) throw new Error('expected settings, got --help');
  return parsed.settings;
}

describe('settings', () => {
  it('reads the target from flags', () => {
    const settings = settingsOf([
      ...base,
      '--client-id',
      'A.1.0.0.Release',
      '--client-secret',
      's3cret',
      '--only',
      'auth,bulk',
    ]);
    expect(settings.target).toEqual({
      baseUrl: 'https://t1.sandbox.mozu.com/api',
      clientId: 'A.1.0.0.Release',
      clientSecret: 's3cret',
    });
    expect(settings.only).toEqual(['auth', 'bulk']);
  });

  it('reads the environment, and a flag wins over its variable', () => {
    const settings = settingsOf(['--token', 'flag-token'], {
      KIBO_BASE_URL: 'http://localhost:4010/api',
      KIBO_TOKEN: 'env-token',
      KIBO_AUTH_URL: 'http://localhost:4010',
      CONTRACTS_JUNIT: 'out.xml',
    });
    expect(settings.target).toMatchObject({
      baseUrl: 'http://localhost:4010/api',
      token: 'flag-token',
      authUrl: 'http://localhost:4010',
    });
    expect(settings.junit).toBe('out.xml');
  });

  it('takes the outbox the target keeps reset codes in, from the flag or KIBO_OUTBOX_URL', () => {
    const outbox = 'http://localhost:4010/__mock/outbox';
    expect(settingsOf([...base, '--token', 't', '--outbox-url', outbox]).target.outboxUrl).toBe(outbox);
    expect(settingsOf([...base, '--token', 't'], { KIBO_OUTBOX_URL: outbox }).target.outboxUrl).toBe(outbox);
    expect(settingsOf([...base, '--token', 't']).target).not.toHaveProperty('outboxUrl');
  });

  it('takes credentials lacking one behavior each, repeated flags or spaced entries of their variable', () => {
    const behaviors = { ...rules, behaviors: ['customer-accounts:delete', 'customer-accounts:read'] };
    const flags = parseSettings(
      [
        ...base,
        '--token',
        't',
        '--token-without',
        'customer-accounts:delete=eyJ.a.b',
        '--client-without',
        'customer-accounts:read=App.1.0.0.Release:sh:ared',
      ],
      {},
      behaviors,
    );
    expect(flags.help ? undefined : flags.settings.target.withoutBehavior).toEqual({
      'customer-accounts:delete': { token: 'eyJ.a.b' },
      // The secret is what follows the client id's first colon, colons and all.
      'customer-accounts:read': { clientId: 'App.1.0.0.Release', clientSecret: 'sh:ared' },
    });
    const env = parseSettings(
      [...base, '--token', 't'],
      { KIBO_TOKENS_WITHOUT: ' customer-accounts:delete=T1  customer-accounts:read=T2 ' },
      behaviors,
    );
    expect(env.help ? undefined : env.settings.target.withoutBehavior).toEqual({
      'customer-accounts:delete': { token: 'T1' },
      'customer-accounts:read': { token: 'T2' },
    });
    expect(() =>
      parseSettings([...base, '--token', 't', '--token-without', 'customer-accounts:list=T'], {}, behaviors),
    ).toThrow('customer-accounts:list is not a behavior the document names');
    expect(() =>
      parseSettings(
        [...base, '--token', 't', '--client-without', 'customer-accounts:read=nosecret'],
        {},
        behaviors,
      ),
    ).toThrow('--client-without takes BEHAVIOR=CLIENT_ID:SECRET');
  });

  it('takes another tenant’s client and the whole run’s time limit', () => {
    const settings = settingsOf([...base, '--token', 't', '--max-time', '90'], {
      KIBO_OTHER_TENANT_CLIENT_ID: 'Other.1.0.0.Release',
      KIBO_OTHER_TENANT_CLIENT_SECRET: 'o-secret',
    });
    expect(settings.target).toMatchObject({
      otherTenantClientId: 'Other.1.0.0.Release',
      otherTenantClientSecret: 'o-secret',
    });
    expect(settings.maxTimeMs).toBe(90_000);
  });

  it.each([
    [
      [...base, '--token', 't', '--other-tenant-client-id', 'O'],
      '--other-tenant-client-id and --other-tenant-client-secret go together',
    ],
    [[...base, '--token', 't', '--max-time', '0'], '--max-time must be a positive number of seconds'],
    [[], '--base-url (or KIBO_BASE_URL) is required'],
    [['--base-url', 'https://t1.sandbox.mozu.com', '--token', 't'], 'ending in /api'],
    [['--base-url', 'ftp://x/api', '--token', 't'], 'must be http or https'],
    [[...base], 'give --token, or --client-id and --client-secret'],
    [
      [...base, '--token', 't', '--limited-client-id', 'L'],
      '--limited-client-id and --limited-client-secret go together',
    ],
    [[...base, '--token', 't', '--only', 'bulk,nope'], 'unknown group nope'],
    [[...base, '--token', 't', '--auth-url', 'https://home.mozu.com/api'], 'without /api'],
    [[...base, '--token', 't', '--timeout', 'soon'], '--timeout must be a positive number'],
    [[...base, '--token', 't', '--colour'], "Unknown option '--colour'"],
    [[...base, '--token', 't', '--outbox-url', 'mailbox'], '--outbox-url is not a URL'],
    [
      ['--base-url', 'https://user:hunter22@t1.sandbox.mozu.com/api', '--token', 't'],
      'must not carry credentials',
    ],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseSettings(argv, {}, rules)).toThrow(UsageError);
    expect(() => parseSettings(argv, {}, rules)).toThrow(message);
  });

  it('never quotes a URL that carries credentials', () => {
    expect(() =>
      parseSettings(['--base-url', 'https://user:hunter22@x/api', '--token', 't'], {}, rules),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter22') as string }));
  });

  it('answers --help before anything else', () => {
    expect(parseSettings(['--help'], {}, rules)).toEqual({ help: true });
  });
});
