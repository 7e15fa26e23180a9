/** Small tools the broken implementations are made of: they rewrite requests and answers of the mock. */

export type Json = Record<string, unknown>;

const bulkPath = /\/api\/commerce\/customer\/accounts\/Bulk$/;
const accountsPath = /\/api\/commerce\/customer\/accounts$/;

export function isBulk(request: Request): boolean {
  return request.method === 'POST' && bulkPath.test(new URL(request.url).pathname);
}

export function isGetAccounts(request: Request): boolean {
  return request.method === 'GET' && accountsPath.test(new URL(request.url).pathname);
}

const customerPath = '/api/commerce/customer';

/** True for a request to `method` on a path of the customer API, e.g. `/authtickets/refresh`. */
export function isCall(request: Request, method: string, path: RegExp): boolean {
  const { pathname } = new URL(request.url);
  return (
    request.method === method &&
    pathname.startsWith(customerPath) &&
    path.test(pathname.slice(customerPath.length))
  );
}

/** A copy of the request with some parts changed; the body is read once and passed on. */
export async function rebuild(
  request: Request,
  changes: { readonly url?: string; readonly headers?: Headers; readonly body?: string } = {},
): Promise<Request> {
  const body =
    request.method === 'GET' || request.method === 'HEAD'
      ? undefined
      : (changes.body ?? (await request.text()));
  // The old length no longer holds for a new body; the server measures the one it gets.
  const headers = new Headers(changes.headers ?? request.headers);
  headers.delete('content-length');
  return new Request(changes.url ?? request.url, { method: request.method, headers, body });
}

export function withAuthorization(request: Request, authorization: string): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.set('authorization', authorization);
  return rebuild(request, { headers });
}

export function bearerOf(request: Request): string | undefined {
  return /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
}

/** The decoded header and claims of a JWT, without checking anything: what a careless server does. */
export function decodeJwt(token: string): { header: Json; payload: Json } | undefined {
  const [header, payload] = token.split('.');
  try {
    return {
      header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Json,
      payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Json,
    };
  } catch {
    return undefined;
  }
}

/** The same answer with its JSON body edited; headers kept, except a length that no longer holds. */
export async function rewriteJson(
  response: Response,
  edit: (body: Json) => unknown,
  status = response.status,
): Promise<Response> {
  const body = (await response.json()) as Json;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(edit(body)), { status, headers });
}

export function itemsOf(body: Json): Json[] {
  return Array.isArray(body.items) ? (body.items as Json[]) : [];
}

/** Kibo's error body, for breakers that answer on their own. */
export function kiboErrorResponse(status: number, errorCode: string, message: string): Response {
  return Response.json(
    { message, errorCode, applicationName: 'Customer', additionalErrorData: [], items: [] },
    { status },
  );
}
