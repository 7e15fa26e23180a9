import { bundledDocuments } from './bundled-documents.gen.ts';
import { documentOf, type DocumentForms, type LoadedDocument } from './loaded-document.ts';
import { unshareNodes, type SharedNodes } from './shared-nodes.ts';

/** The kit's documents by file name: customer-accounts.yaml (Kibo's API), mock-admin.yaml. */
export type BundledName = keyof typeof bundledDocuments;

/**
 * The kit's own documents as data, validated and dereferenced when the bundle was generated
 * (`npm run gen:data`): how the app gets them where there are no files to read (a browser page,
 * a service worker, any fetch runtime). A test fails when the bundle is older than the YAML.
 */
export function bundledDocument(name: BundledName): LoadedDocument {
  let loaded = parsed.get(name);
  if (!loaded) {
    loaded = documentOf(formsOf(bundledDocuments[name].forms));
    parsed.set(name, loaded);
  }
  return loaded;
}

// Parsed once: every mock of a process shares the document, and so its compiled plan.
const parsed = new Map<BundledName, LoadedDocument>();

/** The bundled forms of `name` when `key` (load-document.ts documentKey) is the one bundled. */
export function bundledForms(name: string, key: string): DocumentForms | undefined {
  const bundled = (bundledDocuments as Record<string, { key: string; forms: string } | undefined>)[name];
  return bundled?.key === key ? formsOf(bundled.forms) : undefined;
}

/** The forms from their bundled text (shared objects written once: see shared-nodes.ts). */
function formsOf(text: string): DocumentForms {
  return unshareNodes(JSON.parse(text) as SharedNodes) as DocumentForms;
}
