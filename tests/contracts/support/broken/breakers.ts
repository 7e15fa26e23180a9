import type { Breaker } from '../mock-target.ts';
import { bearerOf, isBulk, rebuild, rewriteJson, withAuthorization, type Json } from '../fetch-rewrites.ts';

/** An implementation that gets one thing wrong, and what the suite must say about it. */
export interface BrokenImplementation {
  readonly name: string;
  /**
   * `contract`: the flaw breaks Kibo's published contract, so the suite fails it in any mode (the
   * first of `caughtBy` at least). `assumption`: it breaks only rules the kit assumes, so without
   * --strict no check fails (they differ), and with --strict `caughtBy` fail.
   */
  readonly breaks: 'contract' | 'assumption';
  /** Checks that must fail against it with --strict. */
  readonly caughtBy: readonly string[];
  /** Text the first of those checks' violations must contain: proof it failed for this flaw. */
  readonly evidence: string;
  readonly wrap: Breaker;
  /**
   * Generated cases per operation the gallery runs it with: the default for a flaw only generated
   * cases find; unset, a few (the flaw is the hand-written checks' to find, and runs stay short).
   */
  readonly maxExamples?: number;
}

/** Changes successful Bulk answers; everything else passes through. */
export const editBulkAnswer =
  (edit: (body: Json, sent: Json[]) => unknown, status?: number, untrimmedOnly = false): Breaker =>
  (inner) =>
  async (request) => {
    if (!isBulk(request)) return inner(request);
    if (untrimmedOnly && new URL(request.url).searchParams.has('responseFields')) return inner(request);
    const text = await request.text();
    const response = await inner(await rebuild(request, { body: text }));
    if (response.status !== 200) return response;
    return rewriteJson(response, (body) => edit(body, JSON.parse(text) as Json[]), status);
  };

/** Lets requests with a token the predicate picks through as if they carried a valid full token. */
export const acceptTokens =
  (accept: (token: string | undefined, request: Request) => boolean | Promise<boolean>): Breaker =>
  (inner, { fullToken }) =>
  async (request) =>
    (await accept(bearerOf(request), request))
      ? inner(await withAuthorization(request, `Bearer ${fullToken}`))
      : inner(request);
