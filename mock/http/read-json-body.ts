import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BodyPlan } from '../../openapi/operation-plan.ts';
import { invalidParameter, tooLarge, unsupportedMediaType } from './error-catalogue.ts';
import type { MockEnv } from './mock-env.ts';

/** Stateless between calls (no `stream`), so one serves every request. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface JsonBody {
  readonly value: unknown;
  readonly text: string;
}

/**
 * Reads a JSON request body as the operation's plan says: a media type it declares (415, unless
 * the plan reads any as JSON), at most `x-max-body-bytes` (413, by Hono's body-limit, which also
 * stops a chunked body at the limit), UTF-8, JSON syntax and at most `x-max-json-depth` levels of
 * nesting (400). No body at all (no bytes) is undefined: whether it may be missing is the caller's.
 */
export async function readJsonBody(
  c: Context<MockEnv, string>,
  body: BodyPlan,
): Promise<JsonBody | undefined> {
  const type = c.req.header('content-type');
  const media = type?.split(';')[0]?.trim().toLowerCase();
  const declared = media !== undefined && body.mediaTypes.includes(media);
  // Without a Content-Type the body may be missing altogether, which is told once it is read; a
  // Content-Length says there is one, so that refusal keeps its place before the size's.
  const sized = Number(c.req.header('content-length')) > 0;
  if (body.refusesOtherMediaTypes && !declared && (media !== undefined || sized))
    throw unsupportedMediaType(type, body.mediaTypes);
  if (body.maxBytes !== undefined) {
    const limit = body.maxBytes;
    const length = c.req.header('content-length');
    const declared = Number(length);
    const refuse = () => {
      throw tooLarge(declared > 0 ? `${declared} bytes` : `more than ${limit} bytes`, limit);
    };
    // A sized body is judged by its Content-Length, as Hono's body-limit does, but without asking
    // for `c.req.raw.body`: on Node that turns the request into a web Request read through a
    // stream, where node-server otherwise reads the socket directly (16 % of a Bulk-10 profile).
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (parseInt(length, 10) > limit) refuse();
    } else {
      const limited: MiddlewareHandler<MockEnv> = bodyLimit({ maxSize: limit, onError: refuse });
      await limited(c, () => Promise.resolve());
    }
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  c.set('requestBytes', bytes);
  if (bytes.length === 0) return undefined;
  if (body.refusesOtherMediaTypes && !declared) throw unsupportedMediaType(type, body.mediaTypes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalidParameter('body', 'the request body is not valid UTF-8');
  }
  if (body.maxDepth !== undefined && nestingDepth(text, body.maxDepth) > body.maxDepth) {
    throw invalidParameter('body', `the request body nests deeper than ${body.maxDepth} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidParameter('body', `the request body is not valid JSON${whereJsonFailed(error)}`);
  }
  // For the journal: "the page sent addAccounts 3 items" is checkable without keeping the body.
  if (Array.isArray(value)) c.set('requestItems', value.length);
  return { value, text };
}

/**
 * Where the parser stopped, never what it saw: V8 quotes the text around the fault
 * (`…"t_secret":hunter2S3c"…`), and an unquoted secret would be repeated to the client.
 */
function whereJsonFailed(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (at?.[2] !== undefined) return ` (at line ${at[2]}, column ${at[3]})`;
  if (at?.[1] !== undefined) return ` (at character ${Number(at[1]) + 1})`;
  return /end of JSON input/.test(message) ? ' (it ends too early)' : '';
}

/** The deepest nesting of arrays and objects, counted on the text; stops once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}
