import type { OpenAPIV3_1 } from 'openapi-types';

/** One `servers` entry of the document, compiled to match the URLs it stands for. */
export interface ServerPattern {
  /** The URL template as written: `https://t{tenantId}.{environment}.mozu.com/api`. */
  readonly url: string;
  /** Matches an origin the template allows (`https://t100000.sandbox.mozu.com`); undefined for a relative URL. */
  readonly origin: RegExp | undefined;
  /** The template's path, variables filled with their defaults: `/api`. */
  readonly path: string;
}

/**
 * Every server the document names, at its top and on its paths and operations, once each. A
 * variable with an `enum` matches one of its values; one without matches any host label or
 * dotted labels (a pod label such as `sb.euw1`), never a `/`.
 */
export function serverPatterns(document: OpenAPIV3_1.Document): ServerPattern[] {
  const servers = [
    ...(document.servers ?? []),
    ...Object.values(document.paths ?? {}).flatMap((item) => [
      ...(item?.servers ?? []),
      ...(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const).flatMap(
        (method) => item?.[method]?.servers ?? [],
      ),
    ]),
  ];
  const seen = new Map<string, ServerPattern>();
  for (const server of servers) if (!seen.has(server.url)) seen.set(server.url, compile(server));
  return [...seen.values()];
}

function compile(server: OpenAPIV3_1.ServerObject): ServerPattern {
  const split = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)(.*)$/i.exec(server.url);
  const [originTemplate, pathTemplate] = split ? [split[1] ?? '', split[2] ?? ''] : [undefined, server.url];
  const variable = (name: string) => server.variables?.[name];
  const path = pathTemplate
    .replace(/\{(\w+)\}/g, (_, name: string) => variable(name)?.default ?? name)
    .replace(/\/+$/, '');
  if (originTemplate === undefined) return { url: server.url, origin: undefined, path };
  const source = originTemplate
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      const values = variable(name)?.enum;
      return values && values.length > 0
        ? `(?:${values.map(escapeRegExp).join('|')})`
        : '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*';
    })
    .join('');
  return { url: server.url, origin: new RegExp(`^${source}$`, 'i'), path };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
