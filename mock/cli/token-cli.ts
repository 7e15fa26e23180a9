#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPlan } from '../../openapi/load-plan.ts';
import { fixedClock, systemClock } from '../world/clock.ts';
import { defaultConfig } from '../auth/config.ts';
import { loadConfigFile } from '../auth/config-file.ts';
import { createTokenService } from '../auth/token-service.ts';

// The package's bin is built JavaScript, run as kibo-mock-token; the .ts sources run only in this
// repository, as npm run token. The usage names the command the reader actually typed.
const fromSources = import.meta.url.endsWith('.ts');
const command = fromSources ? 'npm run -s token --' : 'kibo-mock-token';

const usage = `usage: ${command} [--client ID] [--expired] [--behaviors a,b | --without a,b] [--tenant N]... [--config FILE] [--now ISO]`;

const help = `${usage}

Prints a bearer token the mock accepts, and nothing else, so TOKEN=$(${fromSources ? 'npm run -s token' : 'npx kibo-mock-token'}) works.

  --client ID       application key to sign for (default: the first configured client)
  --expired         a token whose exp has already passed
  --behaviors a,b   carry exactly these behaviors (names the document declares; '' for none)
  --without a,b     carry every behavior the document declares but these (the contract suite's
                    --token-without B=TOKEN takes such a token)
  --tenant N        carry tenant N instead of the client's tenants (repeat for several)
  --config FILE     the mock's configuration file (JSON or YAML); default: the embedded one
  --now ISO         sign as of this time; match the mock's --now, or its tokens look not yet valid
  --help            this text`;

export interface TokenCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs the CLI on `args` (without node and script); resolves to the exit code. */
export async function runTokenCli(args: readonly string[], io: TokenCliIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        client: { type: 'string' },
        expired: { type: 'boolean', default: false },
        behaviors: { type: 'string' },
        without: { type: 'string' },
        tenant: { type: 'string', multiple: true },
        config: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.out(`${help}\n`);
      return 0;
    }
    const config = values.config === undefined ? defaultConfig : loadConfigFile(values.config);
    const clientId = values.client ?? config.clients[0]?.clientId ?? '';
    if (!config.clients.some((client) => client.clientId === clientId)) {
      const known = config.clients.map((client) => client.clientId).join(', ');
      throw new Error(`unknown client ${clientId}; configured clients: ${known}`);
    }
    const clock = values.now === undefined ? systemClock : fixedClock(values.now);
    const declared = (await loadPlan()).behaviors;
    if (values.behaviors !== undefined && values.without !== undefined) {
      throw new Error('--behaviors and --without exclude each other: give one');
    }
    const withheld = values.without === undefined ? undefined : list(values.without);
    const unknown = withheld?.filter((name) => !declared.includes(name)) ?? [];
    if (unknown.length > 0) {
      throw new Error(
        `--without: ${unknown.join(', ')} not declared; the document declares ${declared.join(', ')}`,
      );
    }
    const behaviors =
      withheld === undefined
        ? values.behaviors === undefined
          ? undefined
          : list(values.behaviors)
        : declared.filter((name) => !withheld.includes(name));
    const service = createTokenService(config, declared, clock);
    const token = await service.issue(clientId, {
      expired: values.expired,
      ...(behaviors === undefined ? {} : { behaviors }),
      ...(values.tenant === undefined ? {} : { tenants: values.tenant.map(tenant) }),
    });
    io.out(`${token}\n`);
    return 0;
  } catch (error) {
    // parseArgs, the config loader and the service report misuse as errors with a readable message.
    io.err(`token: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
}

function list(names: string): string[] {
  return names
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function tenant(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`--tenant must be a positive integer (got ${text})`);
  }
  return value;
}

// Run as a script (`npm run token`, the `kibo-mock-token` bin through its symlink), not imported by
// a test; import.meta.main would say so, but Node 20 does not have it.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runTokenCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
