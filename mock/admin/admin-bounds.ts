import { everyItem, schemaAt } from '../../openapi/field-paths.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';

/** What the admin document (mock-admin.yaml) bounds, which the journal and the world keep. */
export interface AdminBounds {
  /** getJournal's items.maxItems: the entries the journal keeps. */
  readonly journalCapacity: number;
  /** JournalEntry.path / query maxLength: longer ones are cut there. */
  readonly journalPathLength: number;
  readonly journalQueryLength: number;
  /** MockStatus.tenants.maxItems: the most tenants a world may be allowed. */
  readonly maxTenants: number;
  /** getOutbox's items.maxItems: the messages the outbox keeps. */
  readonly outboxCapacity: number;
}

export function adminBoundsOf(admin: ApiPlan): AdminBounds {
  const journal = admin.operation('getJournal').success.schema;
  const status = admin.operation('getMockStatus').success.schema;
  const bounds = {
    journalCapacity: schemaAt(journal, ['items'])?.maxItems,
    journalPathLength: schemaAt(journal, ['items', everyItem, 'path'])?.maxLength,
    journalQueryLength: schemaAt(journal, ['items', everyItem, 'query'])?.maxLength,
    maxTenants: schemaAt(status, ['tenants'])?.maxItems,
    outboxCapacity: schemaAt(admin.operation('getOutbox').success.schema, ['items'])?.maxItems,
  };
  const missing = Object.entries(bounds)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) throw new Error(`mock-admin.yaml must state these bounds: ${missing.join(', ')}`);
  return bounds as AdminBounds;
}
