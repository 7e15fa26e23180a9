/** A route of a document: an operation's method and path template, and what it leads to. */
export interface Route<T> {
  /** Upper case, e.g. `POST`. */
  readonly method: string;
  /** As the document writes it, e.g. `/commerce/customer/accounts/{accountId}`. */
  readonly template: string;
  readonly value: T;
}

export type PathMatch<T> =
  | { readonly kind: 'found'; readonly value: T; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

export type PathMatcher<T> = (method: string, path: string) => PathMatch<T>;

interface Template<T> {
  readonly segments: readonly { readonly literal?: string; readonly param?: string }[];
  readonly routes: Route<T>[];
}

/**
 * The one path-template matcher of the kit (the mock's dispatch and 405s, the contract suite's
 * judging of responses): a path belongs to the most specific template it fits, comparing
 * segment by segment with a literal beating a parameter (OpenAPI 3.1 §4.8.8: "concrete paths
 * are matched before templated ones"). So `GET …/accounts/Bulk` belongs to `…/accounts/Bulk`,
 * which has no GET: a 405, not an account id "Bulk". HEAD is answered as GET.
 */
export function createPathMatcher<T>(routes: readonly Route<T>[]): PathMatcher<T> {
  const byTemplate = new Map<string, Template<T>>();
  for (const route of routes) {
    let template = byTemplate.get(route.template);
    if (!template) {
      template = { segments: parseTemplate(route.template), routes: [] };
      byTemplate.set(route.template, template);
    }
    template.routes.push(route);
  }
  const literal = new Map(
    [...byTemplate].filter(([text]) => !text.includes('{')).map(([text, template]) => [text, template]),
  );
  const templated = [...byTemplate.values()]
    .filter((template) => template.segments.some((segment) => segment.param !== undefined))
    .sort(moreSpecificFirst);

  return (method, path) => {
    const parts = path.split('/');
    const own = literal.get(path);
    const template = own ?? templated.find((candidate) => fits(candidate, parts));
    if (!template) return { kind: 'not-found' };
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    const route = wanted.map((m) => template.routes.find((r) => r.method === m)).find(Boolean);
    if (!route) return { kind: 'method-not-allowed', allowed: template.routes.map((r) => r.method) };
    const params: Record<string, string> = {};
    template.segments.forEach((segment, i) => {
      if (segment.param !== undefined) params[segment.param] = decode(parts[i] ?? '');
    });
    return { kind: 'found', value: route.value, params };
  };
}

function parseTemplate(template: string): Template<never>['segments'] {
  return template.split('/').map((part) => {
    const param = /^\{(\w+)\}$/.exec(part)?.[1];
    return param === undefined ? { literal: part } : { param };
  });
}

function fits<T>(template: Template<T>, parts: readonly string[]): boolean {
  if (template.segments.length !== parts.length) return false;
  return template.segments.every((segment, i) =>
    segment.literal !== undefined ? segment.literal === parts[i] : (parts[i] ?? '') !== '',
  );
}

/** At the first segment where two templates differ in kind, the literal one wins. */
function moreSpecificFirst<T>(a: Template<T>, b: Template<T>): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const literalA = a.segments[i]?.literal !== undefined;
    const literalB = b.segments[i]?.literal !== undefined;
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return b.segments.length - a.segments.length;
}

/** A path parameter as the client meant it; a malformed escape is kept as sent (and validated as such). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
