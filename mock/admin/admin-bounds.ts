import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan } from '../../openapi/operation-plan.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** What the admin document (mock-admin.yaml) bounds, which the journal and the world keep. */
export interface AdminBounds {
  /** getJournal's items.maxItems: the entries the journal keeps. */
  readonly journalCapacity: number;
  /** JournalEntry.path / query maxLength: longer ones are cut there. */
  readonly journalPathLength: number;
  readonly journalQueryLength: number;
  /** MockStatus.tenants.maxItems: the most tenants a world may be allowed. */
  readonly maxTenants: number;
}

function at(schema: unknown, ...names: string[]): SchemaObject | undefined {
  let node: unknown = schema;
  for (const name of names) {
    const current = node as { items?: unknown; properties?: Record<string, unknown> } | undefined;
    node = name === '[]' ? current?.items : current?.properties?.[name];
  }
  return node as SchemaObject | undefined;
}

export function adminBoundsOf(admin: ApiPlan): AdminBounds {
  const journal = admin.operation('getJournal').success.schema;
  const status = admin.operation('getMockStatus').success.schema;
  const bounds = {
    journalCapacity: at(journal, 'items')?.maxItems,
    journalPathLength: at(journal, 'items', '[]', 'path')?.maxLength,
    journalQueryLength: at(journal, 'items', '[]', 'query')?.maxLength,
    maxTenants: at(status, 'tenants')?.maxItems,
  };
  const missing = Object.entries(bounds)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) throw new Error(`mock-admin.yaml must state these bounds: ${missing.join(', ')}`);
  return bounds as AdminBounds;
}
