import type { Context } from 'hono';
import { invalidParameter, kiboError } from './errors.ts';
import type { MockEnv } from './mock-env.ts';

export interface BodyLimits {
  /** `x-max-body-bytes`: a larger body is a 413, and is never read past the limit. */
  readonly maxBytes: number | undefined;
  /** `x-max-json-depth`: deeper nesting is a 400, before anything walks the value. */
  readonly maxDepth: number | undefined;
}

export interface JsonBody {
  readonly value: unknown;
  readonly text: string;
}

/**
 * Reads a JSON request body: media type (415), size (413, also for chunked bodies without
 * Content-Length: reading stops at the limit), UTF-8 and JSON syntax and nesting depth (400).
 */
export async function readJsonBody(c: Context<MockEnv>, limits: BodyLimits): Promise<JsonBody> {
  const type = c.req.header('content-type');
  const media = type?.split(';')[0]?.trim().toLowerCase();
  if (media !== 'application/json') {
    throw kiboError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported media type: ${type ? `"${type}"` : 'none given'}; send application/json`,
      { data: { ContentType: type ?? '' } },
    );
  }
  const declared = Number(c.req.header('content-length'));
  if (limits.maxBytes !== undefined && declared > limits.maxBytes) throw tooLarge(declared, limits.maxBytes);
  const bytes = await readAtMost(c.req.raw.body, limits.maxBytes);
  c.set('requestBytes', bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidParameter('body', 'the request body is not valid UTF-8');
  }
  const depth = limits.maxDepth === undefined ? 0 : nestingDepth(text, limits.maxDepth);
  if (limits.maxDepth !== undefined && depth > limits.maxDepth) {
    throw invalidParameter('body', `the request body nests deeper than ${limits.maxDepth} levels`);
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (error) {
    throw invalidParameter('body', `the request body is not valid JSON (${(error as Error).message})`);
  }
}

async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number | undefined,
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (limit !== undefined && size > limit) throw tooLarge(size, limit, true);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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

function tooLarge(size: number, limit: number, partial = false) {
  const measured = partial ? `more than ${limit} bytes` : `${size} bytes`;
  return kiboError(
    413,
    'REQUEST_TOO_LARGE',
    `Request entity too large: the body has ${measured}, at most ${limit} are accepted`,
    { data: { MaxBytes: String(limit) } },
  );
}
