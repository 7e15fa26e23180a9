/** One message the mock would have e-mailed (the admin document's OutboxMessage). */
export interface OutboxMessage {
  readonly seq: number;
  readonly at: string;
  readonly tenantId: number;
  readonly kind: 'password-reset';
  readonly to: string;
  readonly userName: string;
  readonly accountId: number;
  readonly confirmationCode: string;
  readonly expiresAt: string | null;
}

/**
 * Asynchronous, as a shared store (PostgreSQL) keeps it; put inside a tenant's write() it is
 * part of that request's transaction there.
 */
export interface Outbox {
  put(message: Omit<OutboxMessage, 'seq'>): Promise<OutboxMessage>;
  /** Oldest first; `since` a seq, `tenantId` one tenant's. */
  list(filter?: { readonly since?: number; readonly tenantId?: number }): Promise<OutboxMessage[]>;
  clear(): Promise<void>;
}

/**
 * Where the mock puts what the real service would e-mail (a reset's confirmation code), so a test
 * can finish the flow: nothing is sent anywhere. It keeps the newest `capacity` messages (the
 * admin document's bound), so a run of any length holds a bounded outbox.
 */
export function createOutbox(capacity: number): Outbox {
  const messages: OutboxMessage[] = [];
  let seq = 0;
  return {
    put(message) {
      const kept = { seq: ++seq, ...message };
      messages.push(kept);
      if (messages.length > capacity) messages.splice(0, messages.length - capacity);
      return Promise.resolve(kept);
    },
    list: ({ since, tenantId } = {}) =>
      Promise.resolve(
        messages.filter(
          (m) =>
            (since === undefined || m.seq > since) && (tenantId === undefined || m.tenantId === tenantId),
        ),
      ),
    clear() {
      messages.length = 0;
      return Promise.resolve();
    },
  };
}
