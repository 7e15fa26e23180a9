import type { Context } from 'hono';
import type { LoadedDocument } from '../../openapi/load-document.ts';
import { kiboError } from './errors.ts';
import type { MockEnv } from './mock-env.ts';

/**
 * What no operation answers: a path the document knows with another method → 405 with `Allow`;
 * any other path → 404. Both in Kibo's JSON error body, so clients that parse every error (Kibo's
 * SDK does) never choke. A literal path (…/accounts/Bulk) wins over a template it also fits
 * (…/accounts/{accountId}), so GET …/Bulk is a 405, not an account id "Bulk".
 */
export function methodNotAllowed(loaded: LoadedDocument) {
  const templates = loaded.operations.map((entry) => ({
    method: entry.method.toUpperCase(),
    literal: !entry.path.includes('{'),
    pattern: new RegExp(`^/api${entry.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  return (c: Context<MockEnv>): never => {
    const path = c.req.path;
    const matching = templates.filter((t) => t.pattern.test(path));
    const literal = matching.filter((t) => t.literal);
    const allowed = (literal.length > 0 ? literal : matching).map((t) => t.method);
    if (allowed.length > 0) {
      throw kiboError(
        405,
        'METHOD_NOT_ALLOWED',
        `Method not allowed: ${c.req.method} ${path}; allowed: ${allowed.join(', ')}`,
        {
          headers: { Allow: allowed.join(', ') },
          data: { Allow: allowed.join(', ') },
        },
      );
    }
    throw kiboError(
      404,
      'ITEM_NOT_FOUND',
      `Item not found: no operation at ${c.req.method} ${path}; see /openapi.json`,
    );
  };
}
