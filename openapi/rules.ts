import type { OpenAPIV3_1 } from 'openapi-types';
import type { LoadedDocument, OperationEntry } from './load-document.ts';

/**
 * The rules the document states in `x-` extensions (see the document's info.description), read in
 * one place so the mock and the contract suite never write them a second time.
 */

type SchemaObject = OpenAPIV3_1.SchemaObject;
type Extended<T> = T & Record<`x-${string}`, unknown>;

function extension<T>(holder: object | undefined, name: `x-${string}`): T | undefined {
  return holder ? ((holder as Extended<object>)[name] as T | undefined) : undefined;
}

/** Behaviors a token must carry to call the operation (`x-required-behaviors`). */
export function requiredBehaviors(entry: OperationEntry): readonly string[] {
  return extension<string[]>(entry.operation, 'x-required-behaviors') ?? [];
}

/** True when the operation needs a bearer token (document-level security, unless overridden). */
export function needsAuth(loaded: LoadedDocument, entry: OperationEntry): boolean {
  const security = entry.operation.security ?? loaded.document.security ?? [];
  return security.length > 0;
}

/** Fields guarded by a behavior (`x-required-behavior`) among a schema's properties. */
export function guardedProperties(schema: SchemaObject): { property: string; behavior: string }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([property, child]) => {
    const behavior = extension<string>(child, 'x-required-behavior');
    return behavior ? [{ property, behavior }] : [];
  });
}

/** Properties that are accepted but never stored in clear nor returned (`x-write-only`). */
export function writeOnlyProperties(schema: SchemaObject): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, child]) => extension<boolean>(child, 'x-write-only') === true)
    .map(([property]) => property);
}

/** Every behavior the document names, on operations and on guarded fields. */
export function allBehaviors(loaded: LoadedDocument): string[] {
  const names = new Set<string>();
  for (const entry of loaded.operations) {
    requiredBehaviors(entry).forEach((b) => names.add(b));
    const item = requestItemSchema(entry);
    if (item) guardedProperties(item).forEach(({ behavior }) => names.add(behavior));
  }
  return [...names].sort();
}

/** The JSON schema of the operation's application/json request body, if it has one. */
export function requestBodySchema(entry: OperationEntry): SchemaObject | undefined {
  const body = entry.operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  return body?.content['application/json']?.schema;
}

/** The schema of one item of an array body (Bulk), or of the body itself when it is an object. */
export function requestItemSchema(entry: OperationEntry): SchemaObject | undefined {
  const body = requestBodySchema(entry);
  return body?.type === 'array' ? body.items : body;
}

/** The deepest nesting of arrays and objects the request body may have (`x-max-json-depth`). */
export function maxJsonDepth(entry: OperationEntry): number | undefined {
  return extension<number>(entry.operation.requestBody, 'x-max-json-depth');
}

/** The largest request body the operation accepts, in bytes (`x-max-body-bytes`). */
export function maxBodyBytes(entry: OperationEntry): number | undefined {
  return extension<number>(entry.operation.requestBody, 'x-max-body-bytes');
}

/** Account fields that must be unique per tenant, case-insensitively (`x-unique-keys`). */
export function uniqueKeys(entry: OperationEntry): readonly string[] {
  return extension<string[]>(entry.operation, 'x-unique-keys') ?? [];
}

/** Property defaults copied from a sibling (`x-default-from`), e.g. userName ← emailAddress. */
export function defaultsFrom(schema: SchemaObject): { property: string; from: string }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([property, child]) => {
    const from = extension<string>(child, 'x-default-from');
    return from ? [{ property, from }] : [];
  });
}

/** The response object the operation declares for a status (exact code, then `default`). */
export function declaredResponse(
  entry: OperationEntry,
  status: number,
): OpenAPIV3_1.ResponseObject | undefined {
  const responses = entry.operation.responses ?? {};
  return (responses[String(status)] ?? responses.default) as OpenAPIV3_1.ResponseObject | undefined;
}

/** The statuses the operation declares, as numbers, ascending. */
export function declaredStatuses(entry: OperationEntry): number[] {
  return Object.keys(entry.operation.responses ?? {})
    .filter((code) => /^\d{3}$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
}

/** A named schema of components.schemas (dereferenced). */
export function componentSchema(loaded: LoadedDocument, name: string): SchemaObject {
  const schema = loaded.document.components?.schemas?.[name];
  if (!schema) throw new Error(`No schema "${name}" in components.schemas`);
  return schema;
}

/**
 * True when the operation names its own `servers` (path or operation level): it is served by
 * another host than the API, like the app-token endpoint on Kibo's home pod.
 */
export function hasOwnServers(loaded: LoadedDocument, entry: OperationEntry): boolean {
  const own = entry.operation.servers ?? loaded.document.paths?.[entry.path]?.servers ?? [];
  return own.length > 0;
}

/** True when a failing item makes the whole batch fail and nothing is created (`x-all-or-nothing`). */
export function allOrNothing(entry: OperationEntry): boolean {
  return extension<boolean>(entry.operation, 'x-all-or-nothing') === true;
}

/** The most accounts an operation looks at to filter, sort or search (`x-scan-limit`). */
export function scanLimit(entry: OperationEntry): number | undefined {
  return extension<number>(entry.operation, 'x-scan-limit');
}
