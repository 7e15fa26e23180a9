import { isLoopback } from '../admin/admin-token.ts';
import { defaultConfig, type MockConfig } from '../auth/config.ts';

export interface Exposure {
  /** Why the mock must not start as asked; undefined when it may. */
  readonly refusal?: string;
  /** Lines for the banner. */
  readonly warnings: readonly string[];
}

/**
 * Beyond loopback, the embedded signing key lets anyone who reads this repository mint tokens,
 * and the printed default secret lets anyone log in: the mock refuses to listen there with them
 * unless told it is meant (`--insecure-defaults`). Either way the banner warns: with your own
 * key and secrets, whoever reaches the port and holds them still uses the API.
 */
export function exposureOf(
  host: string,
  config: MockConfig,
  clients: readonly { readonly clientId: string; readonly clientSecret: string }[],
  insecureDefaults: boolean,
): Exposure {
  if (isLoopback(host)) return { warnings: [] };
  const defaults = [
    ...(config.signingKey === defaultConfig.signingKey
      ? ['the embedded signing key (anyone can mint tokens)']
      : []),
    ...clients
      .filter((client) => defaultConfig.clients.some((d) => d.clientSecret === client.clientSecret))
      .map((client) => `the default secret of ${client.clientId}`),
  ];
  if (defaults.length === 0) {
    return {
      warnings: [
        `WARNING: listening on ${host}: anyone who can reach this port can use the API with your configured clients`,
      ],
    };
  }
  const what = defaults.join(', ');
  if (!insecureDefaults) {
    return {
      refusal:
        `Refusing to listen on ${host} with ${what}: anyone on the network could use them. ` +
        'Give your own in a --config file (signingKey, clients), or pass --insecure-defaults if this is meant.',
      warnings: [],
    };
  }
  return { warnings: [`WARNING: listening on ${host} with ${what} (--insecure-defaults)`] };
}
