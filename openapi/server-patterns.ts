import type { OpenAPIV3_1 } from 'openapi-types';

/** One `servers` entry of the document, compiled to match the URLs it stands for. */
export interface ServerPattern {
  /** The URL template as written: `https://t{tenantId}.{environment}.mozu.com/api`. */
  readonly url: string;
  /**
   * Matches an origin of the template's shape (`https://t100000.sandbox.mozu.com`, and
   * `https://t100000.tp9.mozu.com` too); undefined for a relative URL.
   */
  readonly origin: RegExp | undefined;
  /** The template's path, variables filled with their defaults: `/api`. */
  readonly path: string;
}

/**
 * Every server the document names, at its top and on its paths and operations, once each. A
 * variable matches any host label or dotted labels (a pod label such as `sb.euw1`), never a `/`,
 * also where it has an `enum`: those list the environments Kibo is known to run, and a tenant on
 * one they miss (`t12345.tp9.mozu.com`, `t12345.stg1.euw1.kibocommerce.com`) is still on Kibo's
 * hosts. What makes a URL Kibo's is the template's fixed part: its shape and its domain.
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
      const isVariable = /^\{\w+\}$/.test(part);
      return isVariable ? '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*' : escapeRegExp(part);
    })
    .join('');
  return { url: server.url, origin: new RegExp(`^${source}$`, 'i'), path };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
