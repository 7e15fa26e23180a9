import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { mergeRefSiblingMarks } from './assumption-marks.ts';
import { bundledForms } from './bundled-document.ts';
import { cacheDir } from './cache-dir.ts';
import { documentOf, type DocumentForms, type LoadedDocument } from './loaded-document.ts';

export type { HttpMethod, LoadedDocument, OperationEntry } from './loaded-document.ts';

/** The one document this kit is driven by. */
export const documentPath = fileURLToPath(new URL('./customer-accounts.yaml', import.meta.url));

/** The mock's own admin API (not Kibo's), described the same way. */
export const adminDocumentPath = fileURLToPath(new URL('./mock-admin.yaml', import.meta.url));

const cache = new Map<string, Promise<LoadedDocument>>();

/**
 * Parses, validates (swagger-parser) and dereferences the document once per file; later calls get
 * the same result, so nothing re-reads the document per request. Files are told apart by their
 * absolute path: `w/doc.yaml` and `/work/w/doc.yaml` are one entry, so forgetting either forgets it.
 */
export function loadDocument(path: string = documentPath): Promise<LoadedDocument> {
  const file = resolve(path);
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = load(file);
    cache.set(file, loaded);
    // A document that failed to load is read again next time (a watcher waits for a fixed edit).
    loaded.catch(() => cache.delete(file));
  }
  return loaded;
}

/** Reads the file again on the next loadDocument: the watcher's answer to an edit. */
export function forgetDocument(path: string): void {
  cache.delete(resolve(path));
}

/*
 * Parsing the YAML, validating it against the OpenAPI meta-schema and dereferencing it take most
 * of a second, most of the mock's start-up. The kit's own documents are bundled as data
 * (bundled-documents.gen.ts): a file whose text is the bundled one is not parsed at all. Any other
 * text that validated once is remembered, by its SHA-256, as JSON in the cache folder (the
 * project's node_modules/.cache, see cache-dir.ts): the next start reads that back. Any edit
 * changes the hash, so an edited document is always validated again.
 */
async function load(path: string): Promise<LoadedDocument> {
  const key = documentKey(path);
  const bundled = bundledForms(basename(path), key);
  if (bundled) return documentOf(bundled);
  const cached = join(cacheDir(), `${key}.json`);
  let forms: DocumentForms;
  if (existsSync(cached)) {
    forms = JSON.parse(readFileSync(cached, 'utf8')) as DocumentForms;
  } else {
    forms = await readDocument(path);
    remember(cached, forms);
  }
  return documentOf(forms);
}

/**
 * What a document's validated forms depend on: its name and the text of every document beside
 * it (an external $ref may point into them), not where the folder is.
 */
export function documentKey(path: string): string {
  const hash = createHash('sha256').update(basename(path)).update('\n').update(readFileSync(path));
  for (const sibling of readdirSync(dirname(path))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    hash.update(`\n${sibling}\n`).update(readFileSync(join(dirname(path), sibling)));
  }
  return hash.digest('hex');
}

/** Parses, validates and dereferences a document file with swagger-parser, whatever is remembered. */
export async function readDocument(path: string): Promise<DocumentForms> {
  const [{ default: SwaggerParser }, { parse }] = await Promise.all([
    import('@apidevtools/swagger-parser'),
    import('yaml'),
  ]);
  const written = parse(readFileSync(path, 'utf8')) as OpenAPIV3_1.Document;
  // validate() dereferences the object it is given, so hand it a copy and keep `written` pristine.
  const document = (await SwaggerParser.validate(path, structuredClone(written), {})) as OpenAPIV3_1.Document;
  mergeRefSiblingMarks(written, document);
  // A document that refers into another file (the admin API borrows ApiError) is served bundled,
  // so that what /__mock/openapi.json serves stands alone.
  const source = hasExternalRef(written)
    ? ((await SwaggerParser.bundle(path, structuredClone(written), {})) as OpenAPIV3_1.Document)
    : written;
  return { source, document };
}

function hasExternalRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasExternalRef);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? !child.startsWith('#') : hasExternalRef(child),
  );
}

/** Best effort: a read-only checkout (or a document with cycles) simply validates on every start. */
function remember(file: string, forms: DocumentForms): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so a concurrent start never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(forms));
    renameSync(partial, file);
  } catch {
    // No cache: correct, only slower.
  }
}
