import { conflict } from '../http/error-catalogue.ts';
import type { Outbox } from '../shoppers/outbox.ts';
import type { Scenario } from '../world/scenarios/scenario.ts';
import {
  createMemoryBackend,
  type MemoryBackend,
  type StoredChange,
  type TenantBackend,
  type TenantState,
} from './tenant-backend.ts';

/** The generated dataset stored changes were made on: their ids only mean something on that dataset. */
export interface DatasetIdentity {
  readonly seed: number;
  readonly accounts: number;
}

/** What a storage is opened with (by the Node shell: SQLite; or any other backend). */
export interface StorageContext {
  /** The dataset persistent storage belongs to (checked on open). */
  readonly identity: DatasetIdentity;
  /** `x-unique-keys` of the account schema. */
  readonly uniqueKeys: readonly string[];
  /** Where unreadable records and similar news are reported; never a reason to stop. */
  readonly log?: ((line: string) => void) | undefined;
  /**
   * The largest account record the mock can have written (derived from the document's body
   * limit): a bigger one in a data directory came from elsewhere and is skipped, as unreadable
   * records are, rather than loaded and answered whole.
   */
  readonly maxRecordBytes: number;
}

/** A scenario as replicas share it: what it is (undefined: the default world) and its dataset. */
export interface SharedScenario {
  readonly scenario: Scenario | undefined;
  readonly identity: DatasetIdentity;
}

/**
 * The world of a store that replicas share: a scenario switch through one replica wipes the
 * shared changes and is recorded, so every replica (and any started later) serves the same one.
 */
export interface SharedWorld {
  /** The scenario recorded by the last switch; undefined when none was switched to. */
  current(): Promise<SharedScenario | undefined>;
  /** Forgets every tenant's changes and the outbox, records `next` and tells the other replicas. */
  switchTo(next: SharedScenario): Promise<void>;
  /** Hears another replica's switch (and this one's own, which the caller then ignores). */
  onSwitch(listener: (next: SharedScenario) => void): void;
}

/** Where every tenant's changes live: one backend per tenant. */
export interface Storage {
  backend(tenantId: number): TenantBackend;
  /**
   * A shared store keeps the outbox too (replicas then show the same messages); without one the
   * world keeps it in memory.
   */
  outbox?(capacity: number): Outbox;
  /** Present on a store replicas share (PostgreSQL). */
  readonly shared?: SharedWorld;
  /** Releases files and connections; idempotent. */
  close(): void;
}

export interface MemoryStorageOptions {
  /**
   * What the tenants' stored changes may weigh in memory, in bytes. Past it they move to
   * `spill()` (a SQLite file) when there is one; without one, writes are refused with a 409 that
   * says so, never an out-of-memory crash.
   */
  readonly budgetBytes: number;
  readonly spill?: () => Storage;
  /** Hears that the budget was reached and the changes moved (for the log). */
  readonly onSpill?: (message: string) => void;
}

/**
 * Changes kept in memory up to a budget, then moved, all tenants at once, to the spill storage,
 * which serves them from then on: memory stays bounded however long the mock runs.
 */
export function createMemoryStorage(options: MemoryStorageOptions): Storage {
  const memory = new Map<number, MemoryBackend>();
  let spilled: Storage | undefined;
  let spilling: Promise<void> | undefined;
  let closed = false;
  /** What every tenant's memory backend weighs, kept up to date by each write. */
  let total = 0;
  const measured = async <T>(backend: MemoryBackend, work: () => Promise<T>): Promise<T> => {
    const before = backend.bytes;
    try {
      return await work();
    } finally {
      total += backend.bytes - before;
    }
  };

  async function spillAll(): Promise<void> {
    const target = options.spill?.();
    if (!target) return;
    for (const [tenantId, backend] of memory) {
      const { state, changes } = backend.dump();
      await target.backend(tenantId).commit(withDeletions(state, changes), state.next ?? 0);
    }
    options.onSpill?.(
      `memory budget of ${describeBytes(options.budgetBytes)} reached: created and changed accounts now live in a SQLite spill file`,
    );
    spilled = target;
    memory.clear();
    total = 0;
  }

  return {
    backend(tenantId) {
      const inMemory = (): MemoryBackend => {
        let backend = memory.get(tenantId);
        if (!backend) {
          backend = createMemoryBackend();
          memory.set(tenantId, backend);
        }
        return backend;
      };
      const current = (): TenantBackend => spilled?.backend(tenantId) ?? inMemory();
      return {
        state: () => current().state(),
        read: (ids) => current().read(ids),
        owners: (values) => current().owners(values),
        login: (id) => current().login(id),
        reset() {
          if (spilled) return spilled.backend(tenantId).reset();
          const backend = inMemory();
          return measured(backend, () => backend.reset());
        },
        async commit(changes, next) {
          // A write that arrives while the tenants move waits for the move, then goes to the file.
          if (spilling) await spilling;
          if (spilled) return spilled.backend(tenantId).commit(changes, next);
          if (!options.spill && total > options.budgetBytes) {
            throw conflict(
              `the mock keeps at most ${describeBytes(options.budgetBytes)} of created and changed accounts in memory and has no spill file; reset a tenant (POST /__mock/tenants/{tenantId}/reset) or start it with --data-dir`,
            );
          }
          const backend = inMemory();
          await measured(backend, () => backend.commit(changes, next));
          if (options.spill && total > options.budgetBytes && !spilling) {
            spilling = spillAll().finally(() => (spilling = undefined));
            await spilling;
          }
        },
      };
    },
    close() {
      if (closed) return;
      closed = true;
      spilled?.close();
    },
  };
}

/** A tenant's whole state as one commit: every deletion, then every stored account. */
function withDeletions(state: TenantState, changes: readonly StoredChange[]): StoredChange[] {
  return [...state.deleted.map((id): StoredChange => ({ kind: 'delete', id })), ...changes];
}

function describeBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MiB` : `${bytes} bytes`;
}
