import type { Context } from 'hono';
import { jsonBytes } from './json-bytes.ts';
import type { MockEnv } from './mock-env.ts';

/**
 * Every JSON answer of the mock goes out through here: serialised and encoded once, and the bytes
 * kept for the journal's digest, so nothing has to clone and re-read the response. Encoding here
 * rather than handing Hono the string saves a second UTF-8 encoding of every answer (the digest's
 * and the socket's: 19 % of a page of 200's CPU between them), and a generated account's bytes are
 * made once (json-bytes.ts). `mediaType` is the one the document declares for the answer.
 */
export function sendJson(
  c: Context<MockEnv>,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  mediaType = 'application/json',
): Response {
  const bytes = jsonBytes(body);
  c.set('responseBytes', bytes);
  // Hono types statuses as a literal union; ours come from the document.
  return c.body(bytes, status as 200, { ...headers, 'content-type': mediaType });
}
