import type { SentRequest } from '../../client/http-client.ts';
import type { Redactor } from '../../client/redactor.ts';

/**
 * A request as a curl command a developer can paste, secrets redacted (tokens, client secrets,
 * the run's passwords): `curl -X POST 'https://…/Bulk' -H 'content-type: application/json'
 * --data-raw '[…]'`. Headers every client sends anyway (accept) are left out for brevity.
 */
export function curlCommand(method: string, request: SentRequest, redactor: Redactor): string {
  const parts = ['curl', '-X', method, quote(request.url)];
  request.headers.forEach((value, name) => {
    if (name !== 'accept') parts.push('-H', quote(`${name}: ${value}`));
  });
  if (request.body !== undefined) parts.push('--data-raw', quote(request.body));
  return redactor.redact(parts.join(' '));
}

/** POSIX shell single quotes: everything literal, a quote closed, escaped and reopened. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
