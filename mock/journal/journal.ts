import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../world/clock.ts';
import type { MockEnv } from '../http/mock-env.ts';
import { hmacSha256, randomBytes, type HmacFactory } from '../auth/web-crypto.ts';
import { reusedAnswers } from '../http/json-bytes.ts';
import { createRecentList } from '../http/recent-list.ts';
import { credentialRedactor, redactedMark } from '../http/redact-credentials.ts';

/** One request as QA tests want to verify it: what was called and what came back, never secrets. */
export interface JournalEntry {
  readonly seq: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly operationId: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly correlationId: string | null;
  /** How many items the JSON array body held (a Bulk batch); null for any other body or none. */
  readonly requestItems: number | null;
  /**
   * HMAC-SHA256 of the request body under a key of this process: equal bodies give equal digests
   * within a run, yet a digest cannot be used to test guesses of a password or client secret.
   */
  readonly requestDigest: string | null;
  readonly responseDigest: string | null;
}

export interface JournalFilter {
  readonly method?: string;
  readonly path?: string;
  readonly operationId?: string;
  readonly status?: number;
  /** Only entries after this sequence number (for polling). */
  readonly since?: number;
  readonly limit?: number;
}

export interface Journal {
  list(filter?: JournalFilter): JournalEntry[];
  clear(): void;
  readonly size: number;
  readonly middleware: MiddlewareHandler<MockEnv>;
}

export interface JournalOptions {
  readonly clock: Clock;
  /** The most entries kept: the admin document's `maxItems` for the journal's answer. */
  readonly capacity: number;
  /** The longest path and query an entry keeps (the admin document's maxLength); longer are cut. */
  readonly pathLength: number;
  readonly queryLength: number;
  /** Requests under these paths (the admin API, the docs page) are not what a frontend did. */
  readonly ignoredPrefixes: readonly string[];
  /** How the digests are made; WebCrypto's HMAC-SHA256 by default. */
  readonly hmac?: HmacFactory;
}

/** Keeps the last `capacity` requests in memory (a ring, so a long run cannot grow it forever). */
export function createJournal({
  clock,
  capacity,
  pathLength,
  queryLength,
  ignoredPrefixes,
  hmac = hmacSha256,
}: JournalOptions): Journal {
  let entries: JournalEntry[] = [];
  let seq = 0;
  // One key for the journal's life, imported once: importing it per digest showed in profiles.
  const keyedHash = hmac(randomBytes(32));
  const digest = async (data: Uint8Array | string | undefined) =>
    data === undefined || data.length === 0 ? null : keyedHash(data);
  // The mock hands out one Uint8Array for an answer it gives again (a polled page: json-bytes.ts),
  // so the last few answers' digests are kept by identity: a page of 200 is hashed once, not per
  // request (SHA-256 over 470 KB was a fifth of such a page's cost).
  const recentDigests = createRecentList<Uint8Array, Promise<string | null>>({
    ...reusedAnswers,
    sizeOf: (bytes) => bytes.length,
    matches: (kept, bytes) => kept === bytes,
  });
  const responseDigest = (bytes: Uint8Array | undefined) =>
    bytes === undefined
      ? digest(bytes)
      : (recentDigests.find(bytes) ?? recentDigests.add(bytes, digest(bytes)));

  return {
    list(filter = {}) {
      const method = filter.method?.toUpperCase();
      const matching = entries.filter(
        (e) =>
          (method === undefined || e.method === method) &&
          (filter.path === undefined || e.path.startsWith(filter.path)) &&
          (filter.operationId === undefined || e.operationId === filter.operationId) &&
          (filter.status === undefined || e.status === filter.status) &&
          (filter.since === undefined || e.seq > filter.since),
      );
      const kept = matching.slice(-capacity);
      return filter.limit === undefined ? kept : kept.slice(-filter.limit);
    },
    clear() {
      entries = [];
    },
    get size() {
      return entries.length;
    },
    middleware: async (c, next) => {
      const started = performance.now();
      await next();
      const url = new URL(c.req.url);
      if (ignoredPrefixes.some((prefix) => url.pathname.startsWith(prefix))) return;
      // Only what the pipeline itself read and wrote: a refused request's body is never read here.
      const [request, response] = await Promise.all([
        digest(c.get('requestBytes')),
        responseDigest(c.get('responseBytes')),
      ]);
      const redact = credentialRedactor(c);
      entries.push({
        seq: ++seq,
        at: new Date(clock()).toISOString(),
        method: c.req.method,
        path: redact(url.pathname).slice(0, pathLength),
        query: redactedQuery(url, redact).slice(0, queryLength),
        operationId: c.get('operationId') ?? null,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        correlationId: c.get('correlationId') ?? null,
        requestItems: c.get('requestItems') ?? null,
        requestDigest: request,
        responseDigest: response,
      });
      // Trimmed with some slack, so a full journal does not copy itself on every request.
      if (entries.length > capacity + capacity / 10) entries = entries.slice(-capacity);
    },
  };
}

/** Query parameters whose names say they carry a credential (`?access_token=…`, `client_secret`). */
const credentialNames = /token|secret|password|passwd|pwd|key|auth|session|signature|code/i;

/**
 * The query string as sent, but for values a credential could be: under a name that says so, or
 * shaped like one under any name (see credentialRedactor). The journal never holds one.
 */
function redactedQuery(url: URL, redact: (text: string) => string): string {
  if (url.search === '') return '';
  const params = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    params.append(redact(name), credentialNames.test(name) ? redactedMark : redact(value));
  }
  return `?${params.toString()}`;
}
