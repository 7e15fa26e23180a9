import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { mergeRefSiblingMarks } from './assumption-marks.ts';

/** The one document this kit is driven by. */
export const documentPath = fileURLToPath(new URL('./customer-accounts.yaml', import.meta.url));

/** The mock's own admin API (not Kibo's), described the same way. */
export const adminDocumentPath = fileURLToPath(new URL('./mock-admin.yaml', import.meta.url));

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
  /** The file as written, `$ref`s intact: what `/openapi.json` serves. */
  readonly source: OpenAPIV3_1.Document;
  /** Validated and dereferenced: every `$ref` replaced by the object it names. */
  readonly document: OpenAPIV3_1.Document;
  readonly operations: readonly OperationEntry[];
  operation(operationId: string): OperationEntry;
  /** Ids of the kit's assumptions turned off in this copy (see assumption-settings.ts); none as loaded. */
  readonly relaxed: ReadonlySet<string>;
}

const cache = new Map<string, Promise<LoadedDocument>>();

/**
 * Parses, validates (swagger-parser) and dereferences the document once per path; later calls get
 * the same result, so nothing re-reads the document per request.
 */
export function loadDocument(path: string = documentPath): Promise<LoadedDocument> {
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = load(path);
    cache.set(path, loaded);
  }
  return loaded;
}

/*
 * Parsing the YAML, validating it against the OpenAPI meta-schema and dereferencing it take most
 * of a second, most of the mock's start-up. A text that validated once is remembered, by its
 * SHA-256, as JSON (as written and dereferenced) under node_modules/.cache: the next start reads
 * that back and does not even load the parser. Any edit changes the hash, so an edited document
 * is always validated again.
 */
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/kibo-accounts-mock/', import.meta.url));

async function load(path: string): Promise<LoadedDocument> {
  const text = readFileSync(path, 'utf8');
  // Keyed by every document beside this one too: an external $ref may point into them.
  const hash = createHash('sha256').update(path).update(text);
  for (const sibling of readdirSync(dirname(path))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    hash.update(readFileSync(join(dirname(path), sibling)));
  }
  const cached = join(cacheDir, `${hash.digest('hex')}.json`);
  let source: OpenAPIV3_1.Document;
  let document: OpenAPIV3_1.Document;
  if (existsSync(cached)) {
    ({ source, document } = JSON.parse(readFileSync(cached, 'utf8')) as Remembered);
  } else {
    const [{ default: SwaggerParser }, { parse }] = await Promise.all([
      import('@apidevtools/swagger-parser'),
      import('yaml'),
    ]);
    source = parse(text) as OpenAPIV3_1.Document;
    // validate() dereferences the object it is given, so hand it a copy and keep `source` pristine.
    document = (await SwaggerParser.validate(path, structuredClone(source), {})) as OpenAPIV3_1.Document;
    mergeRefSiblingMarks(source, document);
    remember(cached, { source, document });
  }
  return loadedFrom(source, document);
}

/** A loaded document from its text as written and its dereferenced form (already validated). */
export function loadedFrom(
  source: OpenAPIV3_1.Document,
  document: OpenAPIV3_1.Document,
  relaxed: ReadonlySet<string> = new Set(),
): LoadedDocument {
  const operations = listOperations(document);
  const byId = new Map(operations.map((entry) => [entry.operationId, entry]));
  return {
    source,
    document,
    operations,
    relaxed,
    operation(operationId) {
      const entry = byId.get(operationId);
      if (!entry) {
        throw new Error(
          `No operation "${operationId}" in the document; it has: ${[...byId.keys()].join(', ')}`,
        );
      }
      return entry;
    },
  };
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

interface Remembered {
  readonly source: OpenAPIV3_1.Document;
  readonly document: OpenAPIV3_1.Document;
}

/** Best effort: a read-only checkout (or a document with cycles) simply validates on every start. */
function remember(file: string, remembered: Remembered): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a concurrent start never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(remembered));
    renameSync(partial, file);
  } catch {
    // No cache: correct, only slower.
  }
}
