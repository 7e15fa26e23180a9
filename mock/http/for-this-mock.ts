import type { OpenAPIV3_1 } from 'openapi-types';

const localMock = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?/;

/**
 * A document as this running mock serves it to a reference page: every server URL of the local
 * mock (`http://localhost:4010/api`, top level and per path) points at `origin` instead, so
 * "try it" calls this mock whatever its port. Kibo's own servers stay listed after it.
 */
export function forThisMock(document: OpenAPIV3_1.Document, origin: string): OpenAPIV3_1.Document {
  return JSON.parse(JSON.stringify(document), (key, value: unknown) =>
    key === 'url' && typeof value === 'string' ? value.replace(localMock, origin) : value,
  ) as OpenAPIV3_1.Document;
}
