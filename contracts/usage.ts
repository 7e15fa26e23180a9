import { groups } from './check.ts';
import { defaultMaxExamples } from './run-context.ts';

export const usage = `Usage: kibo-contracts --base-url URL (--token T | --client-id ID --client-secret S) [options]
       kibo-contracts proxy --upstream URL [--port P] [options]   (see proxy --help)

Checks an implementation of Kibo's customer-accounts API against openapi/customer-accounts.yaml:
response conformance, the Bulk happy path, responseFields, auth rules, bad input, shoppers'
journeys (sign-in, the current account, the address book, passwords, tickets), then deletes what it
created, one check after another; prints a report grouped by rule and a summary line.
(In this repository: npm run contracts -- …)

Target
  --base-url URL               API base ending in /api, e.g. https://t12345.sandbox.mozu.com/api
  --auth-url URL               auth host origin, e.g. https://home.mozu.com (default: --base-url
                               without /api); the document's token path is appended
  --client-id ID               application key, e.g. KIBO_APP.1.0.0.Release
  --client-secret S            its shared secret
  --token T                    a bearer token to use instead of fetching one
  --limited-client-id ID       a client without customer-auth:configure-token-durations
  --limited-client-secret S    (both enable the 403 checks; skipped without them)
  --token-without B=TOKEN      a token lacking exactly behavior B (one of the document's
                               x-required-behaviors), e.g. customer-accounts:delete=eyJ…;
                               repeat per behavior: enables auth.without-B (skipped without it)
  --client-without B=ID:SECRET the same from a client whose tokens lack exactly B
  --other-tenant-client-id ID  a client of another tenant: it must neither read nor change this
  --other-tenant-client-secret S  tenant's accounts (auth.other-tenant; skipped without them)
  --expired-token T            a token the target issued that has expired (else that check is skipped)
  --tenant ID                  sent as x-vol-tenant
  --outbox-url URL             where the target keeps the mail it would send shoppers (the mock's
                               http://localhost:4010/__mock/outbox): enables the checks that need a
                               password-reset code (skipped without it)

Run
  --only GROUP[,GROUP]         ${groups.join(', ')}
                               (cleanup and conformance always run)
  --junit FILE                 also write JUnit XML
  --json FILE                  also write the result as JSON
  --timeout MS                 per request (default 10000; the preflight's: 5000)
  --max-time S                 the whole run's limit in seconds: checks not started by then are
                               skipped, the cleanup still runs, and the run exits 3
  --strict                     a rule the kit assumes (x-kit-assumption) that the target does not
                               keep fails the run too; without it such checks are reported apart
  --seed S                     replays the generated cases of a run exactly (the report names its seed)
  --max-examples N             generated cases per operation and kind (default ${defaultMaxExamples})
  --min-coverage P             fail the run when it saw fewer than P % of the declared
                               (operation, status) pairs answered (see the report's Coverage)
  -h, --help                   this text

Every flag can come from the environment instead (a flag wins): KIBO_BASE_URL, KIBO_AUTH_URL,
KIBO_CLIENT_ID, KIBO_CLIENT_SECRET, KIBO_LIMITED_CLIENT_ID, KIBO_LIMITED_CLIENT_SECRET, KIBO_TOKEN,
KIBO_EXPIRED_TOKEN, KIBO_TENANT, KIBO_OUTBOX_URL, KIBO_TOKENS_WITHOUT and KIBO_CLIENTS_WITHOUT
(entries spaced), KIBO_OTHER_TENANT_CLIENT_ID, KIBO_OTHER_TENANT_CLIENT_SECRET, CONTRACTS_ONLY,
CONTRACTS_JUNIT, CONTRACTS_JSON, CONTRACTS_TIMEOUT_MS, CONTRACTS_MAX_TIME, CONTRACTS_STRICT (1 or true), CONTRACTS_SEED,
CONTRACTS_MAX_EXAMPLES, CONTRACTS_MIN_COVERAGE. Prefer the environment for secrets: command lines show up in process lists.
Secrets and tokens are never printed.

Each check is judged by where its rule comes from: a violation of Kibo's published contract fails
it; a rule that is only the kit's assumption, not kept by the target, is reported under
"Assumptions the target does not share" (skipped with its reason in JUnit) and counts as a
failure only with --strict. The report ends with a calibration: each assumption confirmed,
contradicted (with what the target did instead) or untested.

Before any check a preflight makes sure the target answers like Kibo's API and every client
given gets a token; else it says in one paragraph what to fix, and exits 3.

Exit status: 0 nothing failed, 1 a check failed, 2 usage error, 3 setup (the preflight failed, or
the run reached --max-time).
`;
