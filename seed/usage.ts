import { seedDefaults } from './seed-settings.ts';
import { stateFolder } from './state-path.ts';

// The package's bin is built JavaScript, run as kibo-seed; the .ts sources run only in this
// repository, as npm run seed. The usage names the command the reader actually typed.
const command = import.meta.url.endsWith('.ts') ? 'npm run seed --' : 'kibo-seed';

export const usage = `Usage: ${command} --base-url URL --client-id ID --client-secret S --count N [options]
       ${command} --count N --out FILE   (only write the dataset)

Creates N realistic accounts on a target through POST /commerce/customer/accounts/Bulk: account i
is the mock's generated account i for the seed (names, emails on example.com/.net/.org, contacts,
notes), sent as an import with the password the mock gives that shopper: with --tenant T the
accounts are the mock's tenant T's for the seed, and sign in the same way. A rerun with the same
seed creates nothing twice: finished batches are kept in a state file, and accounts the target
already has (409 VALIDATION_CONFLICT) are counted as already there and left out of the retry.

Target
  --base-url URL         API base ending in /api, e.g. https://t12345.sandbox.mozu.com/api
  --auth-url URL         auth host origin, e.g. https://home.mozu.com (default: --base-url
                         without /api)
  --client-id ID         application key, e.g. KIBO_APP.1.0.0.Release
  --client-secret S      its shared secret
  --token T              a bearer token to use instead (not renewed when it expires)
  --tenant ID            sent as x-vol-tenant, and whose shoppers to generate (the mock's
                         people of that tenant; default: the base URL's t{id} host, else none)

Dataset
  --count N              how many accounts: indexes 0..N-1 (required)
  --seed S               dataset seed (default ${seedDefaults.seed})
  --now ISO              the dataset's clock (default: the one the state file recorded, else now)
  --out FILE             also write the accounts with the passwords they sign in with, as
                         NDJSON (.ndjson, .jsonl) or a JSON array (.json); streamed, so any N fits

Run
  --batch-size M         accounts per Bulk call (default ${seedDefaults.batchSize}, at most the document's maxItems)
  --concurrency C        Bulk calls in flight (default ${seedDefaults.concurrency})
  --max-attempts A       tries per batch on 429, 5xx and network errors (default ${seedDefaults.maxAttempts});
                         waits back off exponentially with jitter and honour Retry-After
  --state FILE           checkpoint file (default ${stateFolder}/<host>-seed<S>.json)
  -h, --help             this text

KIBO_BASE_URL, KIBO_AUTH_URL, KIBO_CLIENT_ID, KIBO_CLIENT_SECRET, KIBO_TOKEN and KIBO_TENANT stand
in for their flags (a flag wins). Prefer the environment for secrets: command lines show up in
process lists. Secrets, tokens and passwords are never printed.

Progress goes to stderr (one line redrawn on a terminal, a line every 10 % otherwise), the
summary to stdout. Ctrl-C stops after the batches in flight; run the same command to resume.

Exit status: 0 every account is there, 1 some failed, 2 usage error, 130 interrupted.
`;
