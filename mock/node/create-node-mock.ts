import { adminDocumentPath, documentPath, loadDocument } from '../../openapi/load-document.ts';
import { createMock, type Mock, type MockOptions } from '../app.ts';
import { postgresStorageAt } from './postgres-storage-at.ts';
import { sqliteSpill, sqliteStorageIn } from './sqlite-storage-in.ts';
import { swaggerUiAssets } from './swagger-ui-assets.ts';
import { nodeHmacSha256 } from './node-hmac.ts';
import { nodeScrypt } from './node-scrypt.ts';

export interface NodeMockOptions extends Omit<
  MockOptions,
  'documents' | 'openStorage' | 'openSpill' | 'docsAssets' | 'scrypt' | 'hmac'
> {
  /** Another API document to serve (a copy of openapi/customer-accounts.yaml). */
  readonly document?: string;
  /** Another admin document (a copy of openapi/mock-admin.yaml). */
  readonly adminDocument?: string;
  /** Keep created, changed and deleted accounts across restarts in this folder (SQLite). */
  readonly dataDir?: string;
  /**
   * Keep every change in this PostgreSQL database (postgres://…), shared by every mock started on
   * it: replicas behind a load balancer. Not with dataDir.
   */
  readonly store?: string;
}

/**
 * The mock as Node runs it: its documents read from files (the kit's own by default, so an edit
 * of openapi/*.yaml is served on the next start), the API reference at /docs and, with
 * `dataDir`, SQLite persistence, with `store`, PostgreSQL shared by replicas (without either, a
 * SQLite spill file past the memory budget).
 */
export async function createNodeMock(options: NodeMockOptions = {}): Promise<Mock> {
  const { document, adminDocument, dataDir, store, ...rest } = options;
  if (dataDir !== undefined && store !== undefined) {
    throw new Error(
      '--data-dir (SQLite, one process) and --store (PostgreSQL, shared) are two homes for the same changes: give one',
    );
  }
  const openStorage =
    store !== undefined
      ? postgresStorageAt(store)
      : dataDir !== undefined
        ? await sqliteStorageIn(dataDir)
        : undefined;
  const [api, admin] = await Promise.all([
    loadDocument(document ?? documentPath),
    loadDocument(adminDocument ?? adminDocumentPath),
  ]);
  return createMock({
    ...rest,
    documents: { api, admin },
    docsAssets: swaggerUiAssets(),
    scrypt: nodeScrypt,
    hmac: nodeHmacSha256,
    ...(openStorage ? { openStorage } : { openSpill: await sqliteSpill() }),
  });
}
