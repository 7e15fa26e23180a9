import type { OpenAPIV3_1 } from 'openapi-types';

type Servers = OpenAPIV3_1.ServerObject[] | undefined;

/**
 * The document as this mock serves it: the first server of every `servers` list (the local mock,
 * `http://localhost:4010/api` as written) becomes the origin the request reached, so a client
 * generated from `/openapi.json` calls the port, host and scheme (http or --tls) actually in use.
 */
export function documentAsServed(source: OpenAPIV3_1.Document, origin: string): OpenAPIV3_1.Document {
  const served = structuredClone(source);
  const relocate = (servers: Servers) => {
    const [first] = servers ?? [];
    if (first) first.url = `${origin}${new URL(first.url, origin).pathname.replace(/\/+$/, '')}`;
  };
  relocate(served.servers);
  for (const item of Object.values(served.paths ?? {})) {
    relocate(item?.servers);
    for (const operation of Object.values(item ?? {})) {
      if (operation && typeof operation === 'object' && 'responses' in operation) {
        relocate((operation as OpenAPIV3_1.OperationObject).servers);
      }
    }
  }
  return served;
}
