export const proxyUsage = `Usage: kibo-contracts proxy --upstream URL [--port P] [options]

Forwards every request to URL unchanged (e.g. a frontend's end-to-end tests against staging) and
judges each exchange the document describes, by the suite's own rules: the conformance checks
(status declared, Content-Type, body schema, headers) on every answer, and
bad-input.accepted-in-traffic for a request the document refuses that was answered with a success.
On SIGINT (Ctrl-C) or SIGTERM it prints the same report as a run of the suite, writes JUnit/JSON
when asked, and exits.

  --upstream URL   where to forward, e.g. https://t12345.sandbox.mozu.com (paths are kept as sent)
  --port P         where to listen (default 4020; 0 picks a free port, printed on stderr)
  --host H         the address to listen on (default 127.0.0.1)
  --timeout MS     per forwarded request (default 30000); a silent upstream gets the client a 502
  --junit FILE     also write JUnit XML
  --json FILE      also write the result as JSON
  --strict         a rule the kit assumes (x-kit-assumption) that the upstream does not keep fails too
  -h, --help       this text

From the environment (a flag wins): CONTRACTS_UPSTREAM, CONTRACTS_PROXY_PORT, CONTRACTS_PROXY_HOST,
CONTRACTS_TIMEOUT_MS, CONTRACTS_JUNIT, CONTRACTS_JSON, CONTRACTS_STRICT.

Exit status: 0 nothing failed, 1 an exchange broke the published contract (or, with --strict, an
assumption), 2 usage error, 3 it could not listen.
`;
