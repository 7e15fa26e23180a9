import type { Context } from 'hono';

/**
 * A JWT anywhere in a text: three base64url segments, the first a JOSE header, which is a JSON
 * object, so it starts with `eyJ` (`{"` encoded). Whatever a parameter or path segment is called.
 */
const jwtShaped = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;

/** Shorter bearer values are not looked for: they would match ids and words, not secrets. */
const shortestBearer = 16;

export const redactedMark = 'REDACTED';

/**
 * What a journal entry or a log line may say of a request's path or query: any JWT-shaped value
 * and the request's own bearer token are replaced, wherever a client put them (`?jwt=`, `?foo=`,
 * a path segment), so neither the journal nor the log ever holds a credential.
 */
export function credentialRedactor(c: Context): (text: string) => string {
  const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
  const own = bearer !== undefined && bearer.length >= shortestBearer ? bearer : undefined;
  return (text) => {
    const cleaned = text.replace(jwtShaped, redactedMark);
    return own === undefined ? cleaned : cleaned.replaceAll(own, redactedMark);
  };
}
