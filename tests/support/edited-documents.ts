import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { parseDocument, type Document } from 'yaml';
import { adminDocumentPath, documentPath } from '../../openapi/load-document.ts';

export interface EditedDocuments {
  /** The edited copy of openapi/customer-accounts.yaml. */
  readonly document: string;
  /** A copy of openapi/mock-admin.yaml beside it (it refers to the API document's schemas). */
  readonly adminDocument: string;
}

/**
 * Copies of the kit's two documents in a temp folder (removed when the test ends), the API
 * document edited as a YAML tree: what a user who changes a rule in the document does.
 */
export function editedDocuments(edit: (document: Document) => void): EditedDocuments {
  const dir = mkdtempSync(join(tmpdir(), 'kibo-edited-document-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const document = join(dir, 'customer-accounts.yaml');
  const adminDocument = join(dir, 'mock-admin.yaml');
  const tree = parseDocument(readFileSync(documentPath, 'utf8'));
  edit(tree);
  writeFileSync(document, tree.toString());
  copyFileSync(adminDocumentPath, adminDocument);
  return { document, adminDocument };
}
