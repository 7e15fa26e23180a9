import { readFileSync } from 'node:fs';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { marksOn, readAssumptions } from '../../openapi/assumption-marks.ts';
import { loadDocument } from '../../openapi/load-document.ts';
import { planOf } from '../../openapi/operation-plan.ts';
import { accountItem, fullClient, mockClient } from '../support/mock-client.ts';
import { isRecord } from './helpers.ts';
import {
  bodyKeywords,
  headerKeywords,
  operationKeywords,
  parameterKeywords,
  schemaKeywords,
  strictRules,
  type RuleSite,
} from './strict-rules.ts';

// Kibo's published facts, kept in the project as data (see each fixture's description).
interface ParameterFact {
  readonly type: 'int32' | 'boolean' | 'string';
  readonly default?: number | boolean;
  readonly documentedDefault?: number;
  readonly documentedMaximum?: number;
  readonly values?: readonly string[];
}
interface OperationFact {
  readonly method: string;
  readonly path: string;
  readonly success: number;
  readonly query: Readonly<Record<string, ParameterFact>>;
  readonly pathParameters?: Readonly<Record<string, ParameterFact>>;
}
interface PublishedRule {
  readonly schema?: string;
  readonly field?: string;
  readonly operation?: string;
  readonly parameter?: string;
  readonly keyword: string;
  readonly value: unknown;
}
interface OperationFacts {
  readonly statusPage: readonly number[];
  readonly operations: Readonly<Record<string, OperationFact>>;
  readonly publishedRules: readonly PublishedRule[];
}
interface SchemaFacts {
  readonly schemas: Readonly<Record<string, { fields: Record<string, { type?: string }> }>>;
}

const read = <T>(name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const facts = read<OperationFacts>('kibo-published-operations.json');
const schemaFacts = read<SchemaFacts>('kibo-published-facts.json');

const loaded = await loadDocument();
const plan = planOf(loaded);
const { source } = loaded;
const sites = strictRules(source);

/** Assumptions the contract suite applies to the document as a whole, rather than to one keyword. */
const documentWide = ['error-statuses'];

const kiboFormats: Readonly<Record<string, string>> = {
  int32: 'int32',
  double: 'double',
  'date-time': 'date-time',
};

/**
 * Whether Kibo publishes the rule a site states, per the fixtures: `yes`, `no`, or for an error
 * status on Kibo's status-code page `either` (the status is Kibo's, what it means here may be
 * the kit's: 409 for a taken email).
 */
function isKibos(site: RuleSite): boolean | 'either' {
  const { keyword, value, context } = site;
  if (/^\d{3}$/.test(keyword)) {
    const status = Number(keyword);
    const operation = context.operationId === undefined ? undefined : facts.operations[context.operationId];
    return status === operation?.success || (facts.statusPage.includes(status) ? 'either' : false);
  }
  // Kibo declares pageSize `default: 0` and documents 20: either is Kibo's.
  if (keyword === 'default' && context.parameter !== undefined) {
    const declared = parameterFacts(site).some(
      (fact) => fact.default === value || fact.documentedDefault === value,
    );
    if (declared) return true;
  }
  if (keyword === 'format' && typeof value === 'string' && kiboFormats[value] !== undefined) {
    if (context.schema !== undefined && context.field !== undefined) {
      return schemaFacts.schemas[context.schema]?.fields[context.field]?.type === value || published(site);
    }
    if (context.parameter !== undefined) return parameterFacts(site).some((fact) => fact.type === value);
  }
  return published(site);
}

function published({ keyword, value, context }: RuleSite): boolean {
  return facts.publishedRules.some(
    (rule) =>
      rule.keyword === keyword &&
      JSON.stringify(rule.value) === JSON.stringify(value) &&
      rule.schema === context.schema &&
      rule.field === context.field &&
      rule.operation === (rule.operation === undefined ? undefined : context.operationId) &&
      rule.parameter === context.parameter,
  );
}

/** What the fixture says of the parameter a site belongs to, on its operation or any (path-level). */
function parameterFacts({ context }: RuleSite): ParameterFact[] {
  const operations =
    context.operationId === undefined
      ? Object.values(facts.operations)
      : [facts.operations[context.operationId]].filter((o) => o !== undefined);
  return operations.flatMap((operation) => {
    const name = context.parameter ?? '';
    const fact = context.inPath ? operation.pathParameters?.[name] : operation.query[name];
    return fact ? [fact] : [];
  });
}

/** The mark on a site: on its object, or for a status on the response it refers to. */
function markOf(site: RuleSite, document: OpenAPIV3_1.Document = source): string | undefined {
  if (!/^\d{3}$/.test(site.keyword)) return marksOn(site.node)[site.keyword];
  const response = site.node[site.keyword];
  const ref = isRecord(response) ? response.$ref : undefined;
  const target =
    typeof ref === 'string'
      ? document.components?.responses?.[ref.replace('#/components/responses/', '')]
      : response;
  return marksOn(target).status;
}

const describeSite = (site: RuleSite) => `${site.where}: ${site.keyword} ${JSON.stringify(site.value)}`;

/** The rules of a document that Kibo does not publish and no x-kit-assumption marks. */
function unmarkedRules(document: OpenAPIV3_1.Document): string[] {
  return strictRules(document)
    .filter((site) => isKibos(site) === false && markOf(site, document) === undefined)
    .map(describeSite);
}

type Json = Record<string, unknown>;
const at = (node: unknown, ...keys: string[]): Json =>
  keys.reduce<unknown>((n, key) => (isRecord(n) ? n[key] : undefined), node) as Json;
const inlineParameter = (operation: Json, name: string): Json =>
  (operation.parameters as Json[]).find((p) => p.name === name) as Json;

/**
 * Where a mutation adds one rule, unmarked, by the kind of object that carries the keyword: a
 * field Kibo publishes bare (CurrencyAmount.amount), an operation with no marks (getTenant), an
 * inline query parameter with none (getAccounts' isAnonymous), a new request body, a header.
 */
const carriers = {
  schema: (copy) => at(copy, 'components', 'schemas', 'CurrencyAmount', 'properties', 'amount'),
  operation: (copy) => at(copy, 'paths', '/platform/tenants/{tenantId}', 'get'),
  parameter: (copy) =>
    inlineParameter(at(copy, 'paths', '/commerce/customer/accounts', 'get'), 'isAnonymous'),
  body: (copy) => {
    const operation = at(copy, 'paths', '/platform/tenants/{tenantId}', 'get');
    operation.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } };
    return operation.requestBody as Json;
  },
  header: (copy) => at(copy, 'components', 'headers', 'correlation'),
} satisfies Record<string, (copy: OpenAPIV3_1.Document) => Json>;

type Kind = keyof typeof carriers;

/**
 * Each keyword that states a rule, where a mutation puts it and with what value. Kept apart from
 * strict-rules.ts's lists on purpose: a keyword the walk forgets is caught here.
 */
const mutations: Record<string, { readonly kind: Kind; readonly value: unknown }> = {
  default: { kind: 'schema', value: null },
  required: { kind: 'schema', value: ['emailAddress'] },
  additionalProperties: { kind: 'schema', value: false },
  format: { kind: 'schema', value: 'email' },
  pattern: { kind: 'schema', value: '^2' },
  minLength: { kind: 'schema', value: 1 },
  maxLength: { kind: 'schema', value: 10 },
  minimum: { kind: 'schema', value: 1 },
  maximum: { kind: 'schema', value: 10 },
  exclusiveMinimum: { kind: 'schema', value: 0 },
  exclusiveMaximum: { kind: 'schema', value: 10 },
  minItems: { kind: 'schema', value: 1 },
  maxItems: { kind: 'schema', value: 10 },
  uniqueItems: { kind: 'schema', value: true },
  minProperties: { kind: 'schema', value: 1 },
  maxProperties: { kind: 'schema', value: 10 },
  enum: { kind: 'schema', value: [null] },
  const: { kind: 'schema', value: null },
  not: { kind: 'schema', value: { type: 'null' } },
  'x-unique-keys': { kind: 'schema', value: ['last2FaDate'] },
  'x-default-from': { kind: 'schema', value: 'customerSinceDate' },
  'x-write-only': { kind: 'schema', value: true },
  'x-required-behavior': { kind: 'schema', value: 'customer-auth:two-factor' },
  'x-required-behaviors': { kind: 'operation', value: ['tenants:read'] },
  'x-all-or-nothing': { kind: 'operation', value: true },
  'x-batch-echo': { kind: 'operation', value: true },
  'x-scan-limit': { kind: 'operation', value: 10 },
  'x-not-deletable-while': { kind: 'operation', value: 'sites' },
  'x-refuse-malformed': { kind: 'parameter', value: true },
  'x-matches-field': { kind: 'parameter', value: 'isAnonymous' },
  'x-field-selection': { kind: 'parameter', value: 'items' },
  'x-response-groups': { kind: 'parameter', value: { Contacts: ['contacts'] } },
  'x-search-fields': { kind: 'parameter', value: ['firstName'] },
  'x-default-lifetime-minutes': { kind: 'schema', value: 30 },
  'x-ignored-fields': { kind: 'operation', value: ['sites'] },
  'x-kept-when-absent': { kind: 'operation', value: ['sites'] },
  'x-replaces': { kind: 'operation', value: 'sites' },
  'x-one-primary-per-type': { kind: 'operation', value: true },
  'x-user-claims-account': { kind: 'operation', value: 'tenantId' },
  'x-lockout-after': { kind: 'operation', value: 3 },
  'x-code-lifetime-minutes': { kind: 'operation', value: 15 },
  'x-max-body-bytes': { kind: 'body', value: 1024 },
  'x-max-json-depth': { kind: 'body', value: 4 },
};

/** Extensions the document explains that state no rule of an operation: the kit's own bookkeeping. */
const bookkeeping = ['x-kit-assumption', 'x-kit-assumptions', 'x-not-mocked'];

describe('the document against Kibo’s published facts (tests/fixtures)', () => {
  it('marks every rule stricter than Kibo’s as the kit’s assumption', () => {
    expect(unmarkedRules(source), 'rules neither Kibo publishes nor marked with x-kit-assumption').toEqual(
      [],
    );
  });

  it.each(Object.entries(mutations))(
    'finds an unmarked %s added to a copy of the document',
    (keyword, { kind, value }) => {
      const copy = structuredClone(source);
      carriers[kind](copy)[keyword] = value;
      expect(unmarkedRules(copy).filter((rule) => rule.includes(`: ${keyword} `))).toHaveLength(1);
    },
  );

  it('looks at every keyword the document explains, and puts each to a mutation', () => {
    const walked = [
      ...schemaKeywords,
      ...operationKeywords,
      ...parameterKeywords,
      ...bodyKeywords,
      ...headerKeywords,
    ];
    // Each extension is explained as `x-name` (where it goes): what it means.
    const explained = [...(source.info.description ?? '').matchAll(/`(x-[a-z-]+)`(?: \([^)]*\))?:/g)].map(
      ([, name]) => name,
    );
    const rules = [...new Set(explained)].filter((name) => name !== undefined && !bookkeeping.includes(name));
    expect(rules.length).toBeGreaterThan(15);
    expect(rules.filter((name) => !walked.includes(name ?? ''))).toEqual([]);
    expect(walked.filter((keyword) => !(keyword in mutations))).toEqual([]);
  });

  it('finds an unmarked status added to an operation', () => {
    const copy = structuredClone(source);
    at(copy, 'paths', '/platform/tenants/{tenantId}', 'get', 'responses')['418'] = { description: 'Teapot' };
    expect(unmarkedRules(copy)).toEqual(['getTenant responses: 418 {"description":"Teapot"}']);
  });

  it('marks none of the rules Kibo publishes as an assumption', () => {
    const mislabelled = sites
      .filter((site) => isKibos(site) === true && markOf(site) !== undefined)
      .map(describeSite);
    expect(mislabelled).toEqual([]);
  });

  it('finds the rules the issue names among the assumptions', () => {
    const marked = (where: string, keyword: string) =>
      sites.some((site) => site.where === where && site.keyword === keyword && markOf(site) !== undefined);
    expect(marked('addAccounts responses', '409')).toBe(true);
    expect(marked('addAccounts', 'x-all-or-nothing')).toBe(true);
    expect(marked('addAccounts requestBody.content.application/json.schema', 'maxItems')).toBe(true);
    expect(marked('addAccounts requestBody', 'x-max-body-bytes')).toBe(true);
    expect(marked('components.schemas.CustomerAccountAndAuthInfo.properties.account', 'required')).toBe(true);
    expect(marked('components.schemas.CustomerAccount', 'additionalProperties')).toBe(true);
    expect(marked('components.schemas.CustomerAccount.properties.localeCode', 'pattern')).toBe(true);
    expect(marked('components.parameters.dataViewModeHeader.schema', 'pattern')).toBe(true);
  });

  it('marks only keywords its object carries, with assumptions the registry lists', () => {
    const registry = readAssumptions(source);
    const ids = new Set(registry.map((assumption) => assumption.id));
    const stale: string[] = [];
    for (const assumption of registry) {
      for (const { pointer, keyword } of assumption.marks) {
        const node = pointer
          .slice(2)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
          .reduce<unknown>(
            (at, key) =>
              typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined,
            source,
          );
        const carried = isRecord(node) && (keyword === 'status' ? 'description' in node : keyword in node);
        if (!carried) stale.push(`${pointer}: marks ${keyword}, which it does not have`);
      }
    }
    expect(stale).toEqual([]);
    const unused = registry.filter((a) => a.marks.length === 0).map((a) => a.id);
    expect(unused.sort()).toEqual([...documentWide].sort());
    for (const id of documentWide) expect(ids.has(id)).toBe(true);
  });

  it.each(Object.entries(facts.operations))('%s: Kibo’s method, path and success status', (id, fact) => {
    const operation = plan.operation(id);
    expect({ method: operation.method, path: operation.path }).toEqual({
      method: fact.method,
      path: fact.path,
    });
    expect(operation.statuses.filter((status) => status < 300)).toEqual([fact.success]);
  });

  it.each(Object.entries(facts.operations))('%s declares every query parameter Kibo has', (id, fact) => {
    const declared = new Map(plan.operation(id).parameters.query.map((p) => [p.name, p]));
    for (const [name, parameter] of Object.entries(fact.query)) {
      const schema = declared.get(name)?.schema as OpenAPIV3_1.SchemaObject | undefined;
      expect.soft(schema, `${id} ${name}`).toBeDefined();
      const type = parameter.type === 'int32' ? 'integer' : parameter.type;
      expect.soft(schema?.type, `${id} ${name} type`).toBe(type);
      if (parameter.documentedDefault !== undefined)
        expect.soft(schema?.default).toBe(parameter.documentedDefault);
      if (parameter.documentedMaximum !== undefined)
        expect.soft(schema?.maximum).toBe(parameter.documentedMaximum);
      // Kibo's declared default must be a value the document accepts.
      if (typeof parameter.default === 'number')
        expect.soft(schema?.minimum ?? 0).toBeLessThanOrEqual(parameter.default);
      else if (parameter.default !== undefined) expect.soft(schema?.default).toBe(parameter.default);
    }
  });

  it('lets the mock accept every query parameter Kibo documents, with Kibo’s own values', async () => {
    const { call } = await mockClient();
    const query = (id: string) => {
      const params = new URLSearchParams();
      for (const [name, fact] of Object.entries(facts.operations[id]?.query ?? {})) {
        const declared = plan.operation(id).parameters.query.find((p) => p.name === name);
        const value =
          fact.values?.join(',') ??
          (fact.default !== undefined ? String(fact.default) : undefined) ??
          (declared?.example as string | undefined) ??
          (fact.type === 'boolean' ? 'false' : fact.type === 'int32' ? '1' : 'id');
        params.set(name, value);
      }
      return params.toString();
    };
    const answers = [
      [
        'addAccounts',
        await call('POST', `/api/commerce/customer/accounts/Bulk?${query('addAccounts')}`, {
          body: [accountItem(1)],
        }),
      ],
      ['getAccounts', await call('GET', `/api/commerce/customer/accounts?${query('getAccounts')}`)],
      ['getAccount', await call('GET', `/api/commerce/customer/accounts/1001?${query('getAccount')}`)],
      ['getTenant', await call('GET', `/api/platform/tenants/100000?${query('getTenant')}`)],
      [
        'oauthAuthenticateApp',
        await call('POST', `/api/platform/applications/authtickets/oauth?${query('oauthAuthenticateApp')}`, {
          token: null,
          body: { client_id: fullClient, client_secret: 'mock-secret', grant_type: 'client_credentials' },
        }),
      ],
    ] as const;
    for (const [id, answer] of answers) {
      // getAccount's userId may name another login (404): accepted, not refused.
      expect.soft([200, 404], `${id}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
    }
  });
});
