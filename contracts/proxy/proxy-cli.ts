import { once } from 'node:events';
import { exitCodes } from '../exit-codes.ts';
import { formatReport } from '../format-report.ts';
import { junitReport } from '../junit-report.ts';
import { UsageError } from '../../client/target-flags.ts';
import { writeReportFile } from '../write-report-file.ts';
import { parseProxySettings } from './proxy-settings.ts';
import { proxyUsage } from './proxy-usage.ts';
import { startProxy } from './start-proxy.ts';

/** The most undescribed routes noted on stderr. */
const maxNoted = 100;

/**
 * `kibo-contracts proxy --upstream URL`: forwards until SIGINT or SIGTERM, then prints the report
 * of what went through and writes JUnit/JSON; exit 1 when an answer broke the published contract
 * (or, with --strict, one of the kit's assumptions), 2 on a usage error, 3 when it cannot listen.
 */
export async function runProxyCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  let parsed;
  try {
    parsed = parseProxySettings(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`contracts proxy: ${error.message}\nRun with proxy --help for the options.\n`);
    return exitCodes.usage;
  }
  if (parsed.help) {
    process.stdout.write(proxyUsage);
    return exitCodes.passed;
  }
  const { settings } = parsed;
  const noted = new Set<string>();
  let proxy;
  try {
    proxy = await startProxy({
      ...settings,
      onUnmatched: (method, path) => {
        // Once per route, and for a bounded number of them: a frontend may load many assets through it.
        const key = `${method} ${path}`;
        if (noted.has(key) || noted.size >= maxNoted) return;
        noted.add(key);
        process.stderr.write(`contracts proxy: ${key} is not in the document: forwarded, not judged\n`);
      },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `contracts proxy: setup failed: cannot listen on ${settings.host}:${settings.port} (${why}). Check --port (CONTRACTS_PROXY_PORT), or give 0 for a free one.\n`,
    );
    return exitCodes.setup;
  }
  process.stderr.write(
    `contracts proxy: listening on ${proxy.url}, forwarding to ${settings.upstream}; stop with Ctrl-C (SIGINT) or SIGTERM for the report\n`,
  );
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  const result = await proxy.stop();
  process.stdout.write(`${formatReport(result)}\n`);
  if (settings.junit !== undefined) writeReportFile(settings.junit, junitReport(result));
  if (settings.json !== undefined) writeReportFile(settings.json, `${JSON.stringify(result, null, 2)}\n`);
  return result.summary.failed > 0 ? exitCodes.failed : exitCodes.passed;
}
