import type { FetchLike } from '../../../../client/target.ts';
import { isBulk, itemsOf, kiboErrorResponse, rebuild, type Json } from '../fetch-rewrites.ts';
import type { BrokenImplementation } from './breakers.ts';

/** Flaws in what gets in: bad input that crashes, slips through or half-succeeds. */
export const inputFlaws: readonly BrokenImplementation[] = [
  {
    name: 'crashes on malformed JSON',
    breaks: 'contract',
    caughtBy: ['bad-input.malformed-json'],
    evidence: 'got 500 — a server error',
    wrap: (inner) => async (request) => {
      if (!isBulk(request)) return inner(request);
      const text = await request.text();
      try {
        JSON.parse(text);
      } catch {
        return kiboErrorResponse(500, 'UNEXPECTED_ERROR', 'Unexpected token in JSON');
      }
      return inner(await rebuild(request, { body: text }));
    },
  },
  {
    name: 'crashes on a wrong Content-Type',
    breaks: 'contract',
    caughtBy: ['bad-input.wrong-content-type'],
    evidence: 'expected 415 (a JSON body sent as text/plain), got 500',
    wrap: (inner) => async (request) =>
      isBulk(request) && !request.headers.get('content-type')?.includes('application/json')
        ? kiboErrorResponse(500, 'UNEXPECTED_ERROR', 'Cannot read the body')
        : inner(request),
  },
  {
    name: 'creates a batch item by item, leaving it half-created',
    breaks: 'assumption',
    caughtBy: [
      'bad-input.wrong-field-types',
      'bad-input.missing-required',
      'bad-input.duplicate-emailAddress-existing',
    ],
    evidence: 'a refused batch created 1 account(s) anyway',
    wrap: createItemByItem,
  },
  {
    name: 'accepts an oversize batch',
    breaks: 'assumption',
    caughtBy: ['bad-input.oversize-batch'],
    evidence: 'expected 400 (1001 items), got 200',
    wrap: (inner) => async (request) => {
      if (!isBulk(request)) return inner(request);
      const text = await request.text();
      const items = parseArray(text);
      if (!items || items.length <= 1000) return inner(await rebuild(request, { body: text }));
      // Two calls under the limit, merged into one answer.
      const answers = await Promise.all(
        [items.slice(0, 1000), items.slice(1000)].map(async (part) =>
          (await inner(await rebuild(request, { body: JSON.stringify(part) }))).json(),
        ),
      );
      const merged = answers.flatMap((answer) => itemsOf(answer as Json));
      return Response.json({
        startIndex: 0,
        pageSize: merged.length,
        pageCount: 1,
        totalCount: merged.length,
        items: merged,
      });
    },
  },
  {
    name: 'accepts a body over the byte limit',
    breaks: 'assumption',
    caughtBy: ['bad-input.oversize-body'],
    evidence: 'expected 413',
    wrap: (inner) => async (request) =>
      isBulk(request)
        ? inner(await rebuild(request, { body: (await request.text()).trim() }))
        : inner(request),
  },
];

/** Bulk as a loop of one-item calls that stops at the first failure: the items before it stay created. */
function createItemByItem(inner: FetchLike): FetchLike {
  return async (request) => {
    // A trimmed answer (responseFields) is left to the mock: the flaw is the half-created batch.
    if (!isBulk(request) || new URL(request.url).searchParams.has('responseFields')) return inner(request);
    const text = await request.text();
    const items = parseArray(text);
    if (!items) return inner(await rebuild(request, { body: text }));
    const created: Json[] = [];
    for (const item of items) {
      const response = await inner(await rebuild(request, { body: JSON.stringify([item]) }));
      if (response.status !== 200) return response;
      created.push(...itemsOf((await response.json()) as Json));
    }
    return Response.json({
      startIndex: 0,
      pageSize: created.length,
      pageCount: 1,
      totalCount: created.length,
      items: created,
    });
  };
}

function parseArray(text: string): unknown[] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
