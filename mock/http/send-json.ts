import type { Context } from 'hono';
import type { MockEnv } from './mock-env.ts';

/**
 * Every JSON answer of the mock goes out through here: serialised once, and the text kept for the
 * journal's digest, so nothing has to clone and re-read the response. `mediaType` is the one the
 * document declares for the answer.
 */
export function sendJson(
  c: Context<MockEnv>,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  mediaType = 'application/json',
): Response {
  const text = JSON.stringify(body);
  c.set('responseText', text);
  // Hono types statuses as a literal union; ours come from the document.
  return c.body(text, status as 200, { ...headers, 'content-type': mediaType });
}
