import type { OpenAPIV3_1 } from 'openapi-types';
import { marksOn, readAssumptions, type Assumption } from './assumption-marks.ts';
import { markedFields, type FieldPath } from './field-paths.ts';
import { operationNamed, type LoadedDocument, type OperationEntry } from './loaded-document.ts';
import { createPathMatcher, type PathMatcher } from './path-matcher.ts';
import { serverPatterns, type ServerPattern } from './server-patterns.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;
type ParameterObject = OpenAPIV3_1.ParameterObject;
type ResponseObject = OpenAPIV3_1.ResponseObject;
type Extended = Record<`x-${string}`, unknown>;

/**
 * Every rule the document states, read once per document into one plan per operation. The mock's
 * pipeline and handlers, its store and scenarios, the contract checks and the seeder all take
 * these plans; nothing else reads the document's rules (see the document's info.description for
 * what each keyword and extension means).
 */

/** Rules that travel with a schema wherever it is used, each with the path of the field it marks. */
export interface FieldRules {
  /** `readOnly: true`: assigned by the server; a value a client sends is ignored. */
  readonly readOnly: readonly FieldPath[];
  /** `x-write-only: true`: accepted, never stored in clear, never returned, never repeated. */
  readonly writeOnly: readonly FieldPath[];
  /** `x-default-from`: a missing value is copied from the named sibling. */
  readonly defaults: readonly { readonly path: FieldPath; readonly from: string }[];
  /** `x-required-behavior`: sending a value needs the behavior, else 403. */
  readonly guarded: readonly { readonly path: FieldPath; readonly behavior: string }[];
  /**
   * `x-unique-keys` on an object schema (`path` is where that object sits): the listed fields are
   * one namespace, unique per tenant case-insensitively (each is a way to sign in).
   */
  readonly uniqueKeys: readonly { readonly path: FieldPath; readonly keys: readonly string[] }[];
}

export interface BodyPlan {
  readonly schema: SchemaObject;
  /** The media types `requestBody.content` declares. */
  readonly mediaTypes: readonly string[];
  /**
   * False when a body is read as JSON whatever its Content-Type says: the operation's 415 is an
   * assumption turned off (what a lenient server does). True: another media type is a 415.
   */
  readonly refusesOtherMediaTypes: boolean;
  /** `required`: a request without a body is a 400; else it goes on with none. */
  readonly required: boolean;
  /** `x-max-body-bytes`: a larger body is a 413. */
  readonly maxBytes: number | undefined;
  /** `x-max-json-depth`: arrays and objects nested deeper are a 400. */
  readonly maxDepth: number | undefined;
  /** True for a batch (Bulk): the body is an array of items. */
  readonly isArray: boolean;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  /** One item of an array body, or the body itself. */
  readonly itemSchema: SchemaObject;
  /** The rules of one item; paths are relative to the item. */
  readonly rules: FieldRules;
  /**
   * `refuse`: a property a schema does not declare is a 400 (`additionalProperties: false`);
   * `drop`: it is dropped, when the assumption marking that rule is turned off.
   */
  readonly unknownFields: 'refuse' | 'drop';
}

export interface ResponsePlan {
  readonly status: number;
  readonly mediaTypes: readonly string[];
  /** The JSON schema of the first JSON media type, if any. */
  readonly schema: SchemaObject | undefined;
  readonly headers: Readonly<Record<string, OpenAPIV3_1.HeaderObject>>;
  /**
   * `x-write-only` fields inside the body schema, at any depth (`items[].contacts[].faxNumber`):
   * whatever a stored or generated resource holds, the answer never carries them.
   */
  readonly writeOnly: readonly FieldPath[];
  /**
   * `x-default-lifetime-minutes` of the body's top-level fields (a ticket's expirations): how
   * long what they time lives when nobody asked for a duration.
   */
  readonly defaultLifetimes: ReadonlyMap<string, number>;
  /** The response's OpenAPI `links`: operations a client calls next with values from this exchange. */
  readonly links: readonly LinkPlan[];
}

/**
 * One OpenAPI link: the operation it leads to, its parameters (keyed by name, or `path.`,
 * `query.`, `header.` + name) and request body, each a constant or a runtime expression
 * (`$response.body#/id`, or embedded in a string: `emailAddress eq '{$response.body#/emailAddress}'`).
 */
export interface LinkPlan {
  readonly name: string;
  readonly operationId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly requestBody: unknown;
}

/** A query parameter that trims the answer, in `responseFields` syntax (`x-field-selection`). */
export interface FieldSelectionPlan {
  readonly parameter: string;
  /** `body`: the whole answer; `items`: each element of the answer's `items`, the page kept. */
  readonly appliesTo: 'body' | 'items';
  /** `x-refuse-malformed`: an expression that does not parse is a 400; else it is ignored. */
  readonly refuseMalformed: boolean;
}

/**
 * `x-response-groups` of a query parameter: each group, as the document names it, and the fields
 * it holds. Kibo takes the names in any case.
 */
export interface ResponseGroupsPlan {
  readonly parameter: string;
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export interface OperationPlan {
  readonly operationId: string;
  /** Upper case, as on the wire. */
  readonly method: string;
  /** The path template as the document writes it, relative to the server URL. */
  readonly path: string;
  /** The path of the server URL the operation is served under (`/api`), for routes and clients. */
  readonly basePath: string;
  /** True when the operation names its own `servers` (the app-token endpoint on Kibo's home pod). */
  readonly ownServers: boolean;
  /** The security schemes a request must satisfy; empty when the operation is open. */
  readonly security: readonly string[];
  /** `x-required-behaviors`: what a token must carry, else 403. */
  readonly requiredBehaviors: readonly string[];
  /**
   * A 401 carries an RFC 6750 `WWW-Authenticate` challenge: the operation's 401 declares that
   * header `required`.
   */
  readonly challenges: boolean;
  readonly parameters: {
    readonly query: readonly ParameterObject[];
    readonly path: readonly ParameterObject[];
    readonly header: readonly ParameterObject[];
  };
  readonly body: BodyPlan | undefined;
  /** The first 2xx the operation declares. */
  readonly success: ResponsePlan;
  /** Every status it declares, ascending. */
  readonly statuses: readonly number[];
  /** The declared response for a status (the exact code, then `default`). */
  response(status: number): ResponseObject | undefined;
  /** `x-all-or-nothing`: one failing item creates nothing, and the 400 lists every failing item. */
  readonly allOrNothing: boolean;
  /**
   * `x-batch-echo`: the success answer lists the created resources in request order, as one page
   * (startIndex 0, pageSize = totalCount = number of items, pageCount 1).
   */
  readonly batchEcho: boolean;
  /** `x-scan-limit`: the most accounts a filter, sort or search looks at. */
  readonly scanLimit: number | undefined;
  /** `x-search-fields` of the `q` parameter. */
  readonly searchFields: readonly string[];
  /** Query parameters with `x-field-selection`, in the order declared. */
  readonly fieldSelections: readonly FieldSelectionPlan[];
  /** Query parameters with `x-matches-field`: given, the resource is found only when that field equals it. */
  readonly fieldMatches: readonly { readonly parameter: string; readonly field: string }[];
  readonly responseGroups: ResponseGroupsPlan | undefined;
  /** `x-not-deletable-while`: the count (a field path) that must be 0 for a delete to go through. */
  readonly notDeletableWhile: FieldPath | undefined;
  /** `x-ignored-fields`: fields of the body the operation keeps as stored, whatever is sent. */
  readonly ignoredFields: readonly string[];
  /** `x-kept-when-absent`: fields an update keeps when its body leaves them out. */
  readonly keptWhenAbsent: readonly string[];
  /** `x-replaces`: the collection of the resource the body replaces as a whole. */
  readonly replaces: string | undefined;
  /** `x-one-primary-per-type`: a contact written as primary for a use demotes the others of that use. */
  readonly onePrimaryPerType: boolean;
  /**
   * `x-user-claims-account`: the path parameter naming the account a shopper's
   * `x-vol-user-claims` must belong to (else 403); undefined when the operation has none.
   */
  readonly userClaimsAccount: string | undefined;
  /** `x-lockout-after`: failed sign-ins in a row that lock a login; undefined: no lockout. */
  readonly lockoutAfter: number | undefined;
  /** `x-code-lifetime-minutes`: how long a reset code works; undefined: until it is used. */
  readonly codeLifetimeMinutes: number | undefined;
  /** The document's own entry, for readers of examples and descriptions. */
  readonly entry: OperationEntry;
}

/** A Kibo operation the document lists under `x-not-mocked`: known, not served (a 501 names it). */
export interface NotMockedOperation {
  readonly notMocked: true;
  readonly operationId: string;
  /** Upper case, as on the wire. */
  readonly method: string;
  readonly path: string;
}

export interface ApiPlan {
  readonly loaded: LoadedDocument;
  /** The path of the document's first server URL (`/api`, `/__mock`). */
  readonly basePath: string;
  readonly operations: readonly OperationPlan[];
  operation(operationId: string): OperationPlan;
  /** Every behavior the document names, on operations and on guarded fields, sorted. */
  readonly behaviors: readonly string[];
  /** A named schema of components.schemas (dereferenced). */
  schema(name: string): SchemaObject;
  /** The field rules of a named schema, paths relative to it. */
  rulesOf(name: string): FieldRules;
  /** `x-not-mocked`: Kibo's operations the mock knows of but does not serve. */
  readonly notMocked: readonly NotMockedOperation[];
  /**
   * Full request paths (with each operation's basePath) to the operations and to the known
   * operations not mocked, literal before template: `…/accounts/current` is never an account id.
   */
  readonly match: PathMatcher<OperationPlan | NotMockedOperation>;
  /** The schema of a response header the document declares (the first declaration found). */
  responseHeader(name: string): SchemaObject | undefined;
  /** The JSON schema of the document's error answers (its first declared 4xx), if it has one. */
  readonly errorBody: SchemaObject | undefined;
  /** The kit's assumptions (`x-kit-assumptions`), each with the places that mark it. */
  readonly assumptions: readonly Assumption[];
  /** One assumption by id; throws when the document does not list it. */
  assumption(id: string): Assumption;
  /**
   * The assumption behind one rule: `keyword` of `node` (any object of the dereferenced document:
   * a schema, parameter, request body, operation; `status` of a response). Undefined: Kibo's.
   */
  assumptionOf(node: object | undefined, keyword: string): Assumption | undefined;
  /** Every server the document names (top level, paths, operations), compiled to match URLs. */
  readonly servers: readonly ServerPattern[];
}

const plans = new WeakMap<LoadedDocument, ApiPlan>();

/** The plan of a loaded document, compiled on first use and shared by every caller after. */
export function planOf(loaded: LoadedDocument): ApiPlan {
  let plan = plans.get(loaded);
  if (!plan) {
    plan = compilePlan(loaded);
    plans.set(loaded, plan);
  }
  return plan;
}

function compilePlan(loaded: LoadedDocument): ApiPlan {
  const document = loaded.document;
  const basePath = serverPath(document.servers);
  const operations = loaded.operations.map((entry) => compileOperation(loaded, entry, basePath));
  const byId = new Map(operations.map((plan) => [plan.operationId, plan]));
  const rules = new Map<string, FieldRules>();
  const schema = (name: string): SchemaObject => {
    const found = document.components?.schemas?.[name];
    if (!found) throw new Error(`No schema "${name}" in components.schemas`);
    return found;
  };
  const notMocked = notMockedOperations(document);
  const assumptions = readAssumptions(loaded.source);
  const assumptionsById = new Map(assumptions.map((a) => [a.id, a]));
  const assumption = (id: string): Assumption => {
    const found = assumptionsById.get(id);
    if (!found) throw new Error(`The document lists no assumption "${id}" in x-kit-assumptions`);
    return found;
  };
  const behaviors = new Set<string>();
  for (const plan of operations) {
    plan.requiredBehaviors.forEach((b) => behaviors.add(b));
    plan.body?.rules.guarded.forEach(({ behavior }) => behaviors.add(behavior));
  }
  return {
    loaded,
    basePath,
    operations,
    servers: serverPatterns(document),
    operation: (operationId) => operationNamed(byId, operationId),
    behaviors: [...behaviors].sort(),
    schema,
    rulesOf(name) {
      let found = rules.get(name);
      if (!found) {
        found = fieldRules(schema(name));
        rules.set(name, found);
      }
      return found;
    },
    notMocked,
    match: createPathMatcher<OperationPlan | NotMockedOperation>([
      ...operations.map((plan) => ({
        method: plan.method,
        template: `${plan.basePath}${plan.path}`,
        value: plan,
      })),
      ...notMocked.map((known) => ({
        method: known.method,
        template: `${basePath}${known.path}`,
        value: known,
      })),
    ]),
    assumptions,
    assumption,
    assumptionOf(node, keyword) {
      const id = marksOn(node)[keyword];
      return id === undefined ? undefined : assumption(id);
    },
    errorBody: operations
      .flatMap((plan) =>
        plan.statuses
          .filter((status) => status >= 400 && status < 500)
          .map((status) => plan.response(status)),
      )
      .map((response) => Object.values(response?.content ?? {})[0]?.schema)
      .find((schema) => schema !== undefined),
    responseHeader(name) {
      const wanted = name.toLowerCase();
      for (const plan of operations) {
        for (const status of plan.statuses) {
          const headers = plan.response(status)?.headers ?? {};
          const found = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
          if (found) return (found as OpenAPIV3_1.HeaderObject).schema as SchemaObject | undefined;
        }
      }
      return undefined;
    },
  };
}

function notMockedOperations(document: OpenAPIV3_1.Document): NotMockedOperation[] {
  const listed = extension<{ operationId: string; method: string; path: string }[]>(document, 'x-not-mocked');
  return (listed ?? []).map(({ operationId, method, path }) => ({
    notMocked: true,
    operationId,
    method: method.toUpperCase(),
    path,
  }));
}

function compileOperation(
  loaded: LoadedDocument,
  entry: OperationEntry,
  documentBase: string,
): OperationPlan {
  const { operation } = entry;
  const ownServers = operation.servers ?? loaded.document.paths?.[entry.path]?.servers ?? [];
  const responses = (operation.responses ?? {}) as Record<string, ResponseObject>;
  const statuses = Object.keys(responses)
    .filter((code) => /^\d{3}$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
  const successStatus = statuses.find((s) => s >= 200 && s < 300);
  if (successStatus === undefined) throw new Error(`${entry.operationId} declares no 2xx response`);
  const byLocation = (location: string) => entry.parameters.filter((p) => p.in === location);
  const query = byLocation('query') as (ParameterObject & Extended)[];
  const q = query.find((p) => p.name === 'q');
  const groups = query.find((p) => p['x-response-groups'] !== undefined);
  const notDeletableWhile = extension<string>(operation, 'x-not-deletable-while');
  const security = operation.security ?? loaded.document.security ?? [];
  return {
    operationId: entry.operationId,
    method: entry.method.toUpperCase(),
    path: entry.path,
    basePath: ownServers.length > 0 ? serverPath(ownServers) : documentBase,
    ownServers: ownServers.length > 0,
    security: security.flatMap((requirement) => Object.keys(requirement)),
    requiredBehaviors: extension<string[]>(operation, 'x-required-behaviors') ?? [],
    challenges: Object.entries(responses['401']?.headers ?? {}).some(
      ([name, header]) =>
        name.toLowerCase() === 'www-authenticate' && (header as OpenAPIV3_1.HeaderObject).required === true,
    ),
    parameters: { query: byLocation('query'), path: byLocation('path'), header: byLocation('header') },
    body: bodyPlan(
      operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined,
      loaded.relaxed,
      !relaxedStatus(responses['415'], loaded.relaxed),
    ),
    success: responsePlan(successStatus, responses[String(successStatus)]),
    statuses,
    response: (status) => responses[String(status)] ?? responses.default,
    allOrNothing: extension<boolean>(operation, 'x-all-or-nothing') === true,
    batchEcho: extension<boolean>(operation, 'x-batch-echo') === true,
    scanLimit: extension<number>(operation, 'x-scan-limit'),
    searchFields: (q?.['x-search-fields'] as string[] | undefined) ?? [],
    fieldSelections: query.flatMap((p) => {
      const appliesTo = p['x-field-selection'];
      if (appliesTo !== 'body' && appliesTo !== 'items') return [];
      return [{ parameter: p.name, appliesTo, refuseMalformed: p['x-refuse-malformed'] === true }];
    }),
    fieldMatches: query.flatMap((p) => {
      const field = p['x-matches-field'];
      return typeof field === 'string' ? [{ parameter: p.name, field }] : [];
    }),
    responseGroups: groups && {
      parameter: groups.name,
      groups: new Map(Object.entries(groups['x-response-groups'] as Record<string, string[]>)),
    },
    notDeletableWhile: notDeletableWhile?.split('.'),
    ignoredFields: extension<string[]>(operation, 'x-ignored-fields') ?? [],
    keptWhenAbsent: extension<string[]>(operation, 'x-kept-when-absent') ?? [],
    replaces: extension<string>(operation, 'x-replaces'),
    onePrimaryPerType: extension<boolean>(operation, 'x-one-primary-per-type') === true,
    userClaimsAccount: extension<string>(operation, 'x-user-claims-account'),
    lockoutAfter: extension<number>(operation, 'x-lockout-after'),
    codeLifetimeMinutes: extension<number>(operation, 'x-code-lifetime-minutes'),
    entry,
  };
}

function bodyPlan(
  requestBody: OpenAPIV3_1.RequestBodyObject | undefined,
  relaxed: ReadonlySet<string>,
  refusesOtherMediaTypes: boolean,
): BodyPlan | undefined {
  if (!requestBody) return undefined;
  const mediaTypes = Object.keys(requestBody.content);
  // Dereferenced: no `$ref` is left, so every schema is a schema object.
  const schemas: (SchemaObject | undefined)[] = mediaTypes.map((type) => requestBody.content[type]?.schema);
  const schema = schemas.find((found) => found !== undefined);
  if (!schema) return undefined;
  const isArray = schema.type === 'array';
  const itemSchema = isArray ? ((schema.items ?? {}) as SchemaObject) : schema;
  return {
    schema,
    mediaTypes,
    refusesOtherMediaTypes,
    required: requestBody.required === true,
    maxBytes: extension<number>(requestBody, 'x-max-body-bytes'),
    maxDepth: extension<number>(requestBody, 'x-max-json-depth'),
    isArray,
    minItems: isArray ? schema.minItems : undefined,
    maxItems: isArray ? schema.maxItems : undefined,
    itemSchema,
    rules: fieldRules(itemSchema),
    unknownFields: closedBy(schema, relaxed) ? 'drop' : 'refuse',
  };
}

/**
 * True when a response is one the operation answers only by an assumption that is turned off:
 * the status stays declared (a tenant may still answer it), the mock no longer does.
 */
function relaxedStatus(response: ResponseObject | undefined, relaxed: ReadonlySet<string>): boolean {
  const id = marksOn(response).status;
  return id !== undefined && relaxed.has(id);
}

/** True when a schema, at any depth, closes an object by a rule whose assumption is turned off. */
function closedBy(schema: SchemaObject, relaxed: ReadonlySet<string>): boolean {
  const seen = new Set<object>();
  const walk = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return false;
    seen.add(node);
    const id = marksOn(node).additionalProperties;
    if ((node as SchemaObject).additionalProperties === false && id !== undefined && relaxed.has(id))
      return true;
    return Object.values(node).some(walk);
  };
  return walk(schema);
}

function responsePlan(status: number, response: ResponseObject | undefined): ResponsePlan {
  const content = response?.content ?? {};
  const mediaTypes = Object.keys(content);
  const json = mediaTypes.find((type) => type === 'application/json' || type.endsWith('+json'));
  const schema = json === undefined ? undefined : content[json]?.schema;
  return {
    status,
    mediaTypes,
    schema,
    headers: response?.headers ?? {},
    writeOnly: schema ? fieldRules(schema).writeOnly : [],
    links: Object.entries(response?.links ?? {}).flatMap(([name, link]) => {
      // Dereferenced: a link is a link object; one by operationRef only is not followed.
      const object = link as OpenAPIV3_1.LinkObject;
      const parameters: Record<string, unknown> = object.parameters ?? {};
      const requestBody: unknown = object.requestBody;
      const { operationId } = object;
      return operationId === undefined ? [] : [{ name, operationId, parameters, requestBody }];
    }),
    defaultLifetimes: new Map(
      // Dereferenced: every property is a schema object.
      Object.entries(((schema ?? {}) as { properties?: Record<string, object> }).properties ?? {}).flatMap(
        ([name, property]) => {
          const minutes = extension<number>(property, 'x-default-lifetime-minutes');
          return minutes === undefined ? [] : [[name, minutes] as const];
        },
      ),
    ),
  };
}

/** The rules marked inside a schema, at any depth. */
export function fieldRules(schema: SchemaObject): FieldRules {
  const own = extension<string[]>(schema, 'x-unique-keys');
  return {
    readOnly: markedFields(schema, (p) => (p.readOnly === true ? true : undefined)).map((f) => f.path),
    writeOnly: markedFields(schema, (p) => extension<boolean>(p, 'x-write-only') || undefined).map(
      (f) => f.path,
    ),
    defaults: markedFields(schema, (p) => extension<string>(p, 'x-default-from')).map((f) => ({
      path: f.path,
      from: f.value,
    })),
    guarded: markedFields(schema, (p) => extension<string>(p, 'x-required-behavior')).map((f) => ({
      path: f.path,
      behavior: f.value,
    })),
    uniqueKeys: [
      ...(own ? [{ path: [], keys: own }] : []),
      ...markedFields(schema, (p) => extension<string[]>(p, 'x-unique-keys')).map((f) => ({
        path: f.path,
        keys: f.value,
      })),
    ],
  };
}

/** The unique keys of the object at `path` (`[]`: the schema itself), none when it declares none. */
export function uniqueKeysAt(rules: FieldRules, path: FieldPath): readonly string[] {
  return rules.uniqueKeys.find((u) => u.path.join('/') === path.join('/'))?.keys ?? [];
}

/** The path of a server URL; its variables take their defaults, as a client's would. */
function serverPath(servers: readonly OpenAPIV3_1.ServerObject[] | undefined): string {
  const [first] = servers ?? [];
  if (!first) return '';
  const url = first.url.replace(/\{(\w+)\}/g, (_, name: string) => first.variables?.[name]?.default ?? name);
  const path = new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

function extension<T>(holder: object | undefined, name: `x-${string}`): T | undefined {
  return holder ? ((holder as Extended)[name] as T | undefined) : undefined;
}
