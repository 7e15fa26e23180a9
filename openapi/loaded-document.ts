import type { OpenAPIV3_1 } from 'openapi-types';

/*
 * A document once parsed, validated and dereferenced, whatever brought it: the Node loader
 * (load-document.ts, from a file) or the bundled copy (bundled-document.ts, for runtimes
 * without files). Nothing here reads a file, so the app can be built anywhere.
 */

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
const httpMethods: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
  'trace',
];

export interface OperationEntry {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template as the document writes it, relative to the server URL (…/api). */
  readonly path: string;
  readonly operation: OpenAPIV3_1.OperationObject;
  /** Path-level and operation-level parameters, operation-level winning (OpenAPI 3.1 §4.8.9). */
  readonly parameters: readonly OpenAPIV3_1.ParameterObject[];
}

export interface LoadedDocument {
  /**
   * The file as written, `$ref`s intact (references to other files bundled in, so it stands
   * alone): what `/openapi.json` serves.
   */
  readonly source: OpenAPIV3_1.Document;
  /** Validated and dereferenced: every `$ref` replaced by the object it names. */
  readonly document: OpenAPIV3_1.Document;
  readonly operations: readonly OperationEntry[];
  operation(operationId: string): OperationEntry;
  /** Ids of the kit's assumptions turned off in this copy (see assumption-settings.ts); none as loaded. */
  readonly relaxed: ReadonlySet<string>;
}

/** The two forms of a validated document, as the loader keeps and the bundle ships them. */
export interface DocumentForms {
  readonly source: OpenAPIV3_1.Document;
  readonly document: OpenAPIV3_1.Document;
}

/** A loaded document from its two forms (already validated); `relaxed` names assumptions turned off. */
export function documentOf(
  { source, document }: DocumentForms,
  relaxed: ReadonlySet<string> = new Set(),
): LoadedDocument {
  const operations = listOperations(document);
  const byId = new Map(operations.map((entry) => [entry.operationId, entry]));
  return {
    source,
    document,
    operations,
    relaxed,
    operation: (operationId) => operationNamed(byId, operationId),
  };
}

/** The operation of that id, or an error listing the ids the document has. */
export function operationNamed<T>(byId: ReadonlyMap<string, T>, operationId: string): T {
  const found = byId.get(operationId);
  if (found === undefined) {
    throw new Error(`No operation "${operationId}" in the document; it has: ${[...byId.keys()].join(', ')}`);
  }
  return found;
}

function listOperations(document: OpenAPIV3_1.Document): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    const shared = (item.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const own = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
      const overridden = new Set(own.map((p) => `${p.in}:${p.name}`));
      const parameters = [...shared.filter((p) => !overridden.has(`${p.in}:${p.name}`)), ...own];
      entries.push({ operationId: operation.operationId, method, path, operation, parameters });
    }
  }
  return entries;
}
