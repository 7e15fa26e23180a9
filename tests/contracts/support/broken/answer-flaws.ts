import { itemsOf, isGetAccounts, rebuild } from '../fetch-rewrites.ts';
import { editBulkAnswer, type BrokenImplementation } from './breakers.ts';

/** Flaws in what comes back: types, fields, secrets, paging, statuses, headers, error bodies. */
export const answerFlaws: readonly BrokenImplementation[] = [
  {
    name: 'answers ids as strings',
    breaks: 'contract',
    caughtBy: ['conformance.body-schema', 'bulk.assigns-unique-ids'],
    evidence: '/items/0/id must be integer (got "',
    wrap: editBulkAnswer((body) => ({
      ...body,
      items: itemsOf(body).map((item) => ({ ...item, id: String(item.id) })),
    })),
  },
  {
    name: 'drops a field of one item',
    breaks: 'contract',
    caughtBy: ['bulk.echoes-fields'],
    evidence: '/items/1/lastName was sent but is missing',
    wrap: editBulkAnswer((body) => ({
      ...body,
      items: itemsOf(body).map((item, index) => (index === 1 ? { ...item, lastName: undefined } : item)),
    })),
  },
  {
    name: 'echoes the password',
    breaks: 'contract',
    caughtBy: ['bulk.write-only-hidden', 'conformance.body-schema'],
    evidence: '/items/0/password is write-only (x-write-only) but came back',
    wrap: editBulkAnswer((body, sent) => ({
      ...body,
      items: itemsOf(body).map((item, index) => ({ ...item, password: sent[index]?.password })),
    })),
  },
  {
    name: 'keeps the imported password hash in notes',
    breaks: 'contract',
    caughtBy: ['bulk.write-only-hidden'],
    evidence: 'gives back a value sent as a write-only property',
    wrap: editBulkAnswer((body, sent) => ({
      ...body,
      items: itemsOf(body).map((item, index) => {
        const hash = sent[index]?.externalPassword;
        return typeof hash === 'string' ? { ...item, notes: [{ id: 1, content: hash }] } : item;
      }),
    })),
  },
  {
    name: 'pages the Bulk answer inconsistently',
    breaks: 'assumption',
    caughtBy: ['bulk.paging'],
    evidence: '/pageSize must be 3 (got 20)',
    wrap: editBulkAnswer((body) => ({ ...body, pageSize: 20, pageCount: 0 }), undefined, true),
  },
  {
    name: 'answers Bulk with an undeclared 201',
    breaks: 'contract',
    caughtBy: ['conformance.status-declared', 'bulk.creates-batch'],
    evidence: 'status 201 is not declared; addAccounts declares 200,',
    wrap: editBulkAnswer((body) => body, 201),
  },
  {
    name: 'omits WWW-Authenticate on 401',
    breaks: 'assumption',
    caughtBy: ['conformance.required-headers', 'auth.missing-authorization'],
    evidence: 'header WWW-Authenticate is required but missing',
    wrap: (inner) => async (request) => {
      const response = await inner(request);
      if (response.status !== 401) return response;
      const headers = new Headers(response.headers);
      headers.delete('www-authenticate');
      return new Response(response.body, { status: 401, headers });
    },
  },
  {
    name: 'answers errors in plain text',
    breaks: 'contract',
    caughtBy: ['conformance.content-type', 'conformance.body-schema', 'bad-input.malformed-json'],
    evidence: 'Content-Type is text/plain; declared: application/json',
    wrap: (inner) => async (request) => {
      const response = await inner(request);
      if (response.status < 400) return response;
      return new Response(`Error ${response.status}`, {
        status: response.status,
        headers: { 'content-type': 'text/plain' },
      });
    },
  },
  {
    name: 'ignores responseFields',
    breaks: 'contract',
    caughtBy: [
      'response-fields.bulk',
      'response-fields.nested',
      'response-fields.collection',
      'response-fields.unparsable',
    ],
    evidence: 'came back but was not requested (responseFields=items(id,emailAddress))',
    wrap: (inner) => async (request) => {
      const url = new URL(request.url);
      url.searchParams.delete('responseFields');
      return inner(await rebuild(request, { url: url.toString() }));
    },
  },
  {
    name: 'ignores the getAccounts filter',
    breaks: 'contract',
    caughtBy: ['bulk.read-back-by-filter'],
    evidence: 'that do not match it',
    wrap: (inner) => async (request) => {
      if (!isGetAccounts(request)) return inner(request);
      const url = new URL(request.url);
      url.searchParams.delete('filter');
      return inner(await rebuild(request, { url: url.toString() }));
    },
  },
  {
    name: 'acknowledges deletes without deleting',
    breaks: 'contract',
    caughtBy: ['cleanup.delete-created'],
    evidence: 'still readable after deleteAccount (expected 404)',
    wrap: (inner) => async (request) =>
      request.method === 'DELETE' ? new Response(null, { status: 200 }) : inner(request),
  },
];
