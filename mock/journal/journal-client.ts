import { bundledDocument } from '../../openapi/bundled-document.ts';
import { planOf } from '../../openapi/operation-plan.ts';
import type { JournalEntry, JournalFilter } from './journal.ts';

/** What a test asks of a running mock's request journal (the admin API's getJournal). */
export interface JournalClient {
  /** The requests the journal holds, oldest first, as GET /__mock/journal filters them. */
  entries(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** The requests that reached one operation: `(await journal.calls('addAccounts')).length`. */
  calls(operationId: string, filter?: Omit<JournalFilter, 'operationId'>): Promise<JournalEntry[]>;
  clear(): Promise<void>;
}

export interface JournalClientOptions {
  /** The mock's admin token, when it has one (beyond loopback). */
  readonly adminToken?: string;
  /** Another fetch (a test runner's, a page's); the global one by default. */
  readonly fetch?: typeof fetch;
}

/**
 * Reads the journal of the mock at `origin` (`http://127.0.0.1:4010`) over its admin API: the same
 * calls from the process that started the mock, a Playwright test in another process, or a page.
 * Paths and filters are the admin document's own.
 */
export function journalClient(origin: string, options: JournalClientOptions = {}): JournalClient {
  const admin = planOf(bundledDocument('mock-admin.yaml'));
  const list = admin.operation('getJournal');
  const clear = admin.operation('clearJournal');
  const filters = new Set(list.parameters.query.map((p) => p.name));
  const send = options.fetch ?? fetch;
  const headers: Record<string, string> =
    options.adminToken === undefined ? {} : { authorization: `Bearer ${options.adminToken}` };
  const call = async (method: string, path: string) => {
    const answer = await send(`${origin.replace(/\/+$/, '')}${path}`, { method, headers });
    if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
    return answer;
  };

  const entries = async (filter: JournalFilter = {}) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (!filters.has(name))
        throw new Error(`the journal has no filter ${name}; it has ${[...filters].join(', ')}`);
      query.set(name, String(value));
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const answer = await call(list.method, `${list.basePath}${list.path}${search}`);
    return ((await answer.json()) as { items: JournalEntry[] }).items;
  };
  return {
    entries,
    calls: (operationId, filter = {}) => entries({ ...filter, operationId }),
    async clear() {
      await call(clear.method, `${clear.basePath}${clear.path}`);
    },
  };
}
