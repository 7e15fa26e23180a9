import type { ValidateFunction } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import { assumptionSettingProblems, type AssumptionSettings } from '../../../openapi/assumption-settings.ts';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { createValidator, schemaIssues, type SchemaIssue } from '../../../openapi/schema-validator.ts';
import type { CustomerAccount } from '../../accounts/account-store.ts';
import type { ClientConfig } from '../../auth/config.ts';
import { createDataset } from '../../../dataset/create-dataset.ts';
import { checkFixedAccounts } from './fixed-accounts.ts';
import { scenarioSchemaText } from './shipped-scenarios.gen.ts';

export interface FaultRule {
  readonly operation: string;
  readonly status?: number;
  readonly example?: string;
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  readonly probability?: number;
  readonly everyNth?: number;
  readonly afterCalls?: number;
}

export interface TenantPlan {
  readonly id: number;
  readonly seed?: number;
  readonly accounts?: number;
  readonly fixedAccounts?: readonly Partial<CustomerAccount>[];
}

/** A named world: see scenarios/scenario.schema.json for what each field means. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly seed?: number;
  readonly accounts?: number;
  readonly now?: string;
  readonly auth?: { readonly accessTokenTtlSeconds?: number; readonly refreshTokenTtlSeconds?: number };
  readonly tenants?: readonly TenantPlan[];
  readonly clients?: readonly (Omit<ClientConfig, 'tenants' | 'behaviors'> & {
    readonly tenants?: readonly number[];
    readonly behaviors?: ClientConfig['behaviors'];
  })[];
  readonly faults?: readonly FaultRule[];
  /** The kit's assumptions this world turns off (false) or re-limits (a number), by id. */
  readonly assumptions?: AssumptionSettings;
}

const schema = JSON.parse(scenarioSchemaText) as object;

/** Parses scenario text (YAML, of which JSON is a subset); `source` names it in errors. */
export function parseScenario(text: string, source: string, plan: ApiPlan): Scenario {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const [first] = document.errors;
    const line = first ? lines.linePos(first.pos[0]).line : 1;
    throw new Error(`${source}:${line} not valid YAML or JSON: ${first?.message.split('\n')[0] ?? ''}`);
  }
  const value: unknown = document.toJS();
  const at = (path: readonly (string | number)[]) => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return `${source}${line === undefined ? '' : `:${line}`} ${formatPath(path)}`;
  };
  const problems = [...schemaProblems(value), ...documentProblems(value as Scenario, plan)];
  if (problems.length > 0) {
    throw new Error(
      `${source}: ${problems.length} problem(s) in the scenario:\n${problems.map((p) => `  ${at(p.path)}: ${p.message}`).join('\n')}`,
    );
  }
  return value as Scenario;
}

interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

// Compiled on first use: most starts load no scenario, and compiling is a noticeable part of start-up.
let validateScenario: ValidateFunction | undefined;

function schemaProblems(value: unknown): Problem[] {
  validateScenario ??= createValidator().compile(schema);
  if (validateScenario(value)) return [];
  return schemaIssues(validateScenario.errors).map((issue) => ({
    path: pathOf(issue),
    message: issue.message,
  }));
}

/**
 * Checks the schema cannot make: operations, statuses and examples exist; fixed accounts are
 * accounts; clients are distinct and name behaviors the document declares.
 */
function documentProblems(scenario: Scenario, plan: ApiPlan): Problem[] {
  if (typeof scenario !== 'object' || scenario === null) return [];
  const problems: Problem[] = [];
  const ids = plan.operations.map((o) => o.operationId);
  (scenario.faults ?? []).forEach((rule, i) => {
    if (typeof rule !== 'object' || rule === null) return;
    // A range must be one: JSON Schema cannot compare two fields.
    const latency = rule.latencyMs;
    if (typeof latency === 'object' && latency !== null && latency.min > latency.max) {
      problems.push({
        path: ['faults', i, 'latencyMs', 'min'],
        message: `min ${latency.min} is above max ${latency.max}; a range goes from min up to max`,
      });
    }
    const targets = rule.operation === '*' ? ids : ids.filter((id) => id === rule.operation);
    if (targets.length === 0) {
      problems.push({
        path: ['faults', i, 'operation'],
        message: `no operation "${rule.operation}"; the document has ${ids.join(', ')} (or * for all)`,
      });
      return;
    }
    if (rule.status === undefined) return;
    for (const id of targets) {
      const operation = plan.operation(id);
      const { statuses } = operation;
      if (!statuses.includes(rule.status)) {
        problems.push({
          path: ['faults', i, 'status'],
          message: `${id} does not declare ${rule.status}; it declares ${statuses.join(', ')}`,
        });
        continue;
      }
      const examples = Object.keys(
        Object.values(operation.response(rule.status)?.content ?? {})[0]?.examples ?? {},
      );
      if (rule.example !== undefined && !examples.includes(rule.example)) {
        problems.push({
          path: ['faults', i, 'example'],
          message: `${id} ${rule.status} has no example "${rule.example}"; it has ${examples.join(', ') || 'none'}`,
        });
      }
    }
  });
  problems.push(...fixedAccountProblems(scenario, plan), ...clientProblems(scenario, plan));
  const assumptions = scenario.assumptions;
  if (typeof assumptions === 'object' && assumptions !== null) {
    for (const message of assumptionSettingProblems(plan, assumptions)) {
      const id = /^"?([\w-]+)/.exec(message)?.[1] ?? '';
      problems.push({ path: ['assumptions', id], message });
    }
  }
  return problems;
}

/** The list, or none when it is not one (the schema check reports that). */
function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

function clientProblems(scenario: Scenario, plan: ApiPlan): Problem[] {
  const known = plan.behaviors;
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  listOf(scenario.clients).forEach((client, c) => {
    if (typeof client !== 'object' || client === null) return;
    const first = seen.get(client.clientId);
    if (first !== undefined) {
      problems.push({ path: ['clients', c, 'clientId'], message: `duplicates clients[${first}].clientId` });
    } else if (typeof client.clientId === 'string') seen.set(client.clientId, c);
    for (const list of ['behaviors', 'withoutBehaviors'] as const) {
      const names = client[list];
      if (names === 'all') continue;
      listOf(names).forEach((name, b) => {
        if (typeof name !== 'string' || known.includes(name)) return;
        problems.push({
          path: ['clients', c, list, b],
          message: `"${name}" is not a behavior the document declares; it declares ${known.join(', ')}`,
        });
      });
    }
  });
  return problems;
}

// One per document: a copy of the document with another account schema validates by its own.
const accountValidators = new WeakMap<ApiPlan, ValidateFunction>();

// The id of a dataset's first account, which the world keeps: asked of a dataset, not written twice.
const firstId = createDataset({ seed: 0, size: 0, now: 0 }).firstId;

function fixedAccountProblems(scenario: Scenario, plan: ApiPlan): Problem[] {
  let check = accountValidators.get(plan);
  if (!check) {
    check = createValidator().compile(plan.schema('CustomerAccount'));
    accountValidators.set(plan, check);
  }
  const validate = check;
  const rules = plan.rulesOf('CustomerAccount');
  return listOf(scenario.tenants).flatMap((tenant, t) => {
    const fixed = typeof tenant === 'object' && tenant !== null ? listOf(tenant.fixedAccounts) : [];
    const invalid = fixed.flatMap((account, a) => {
      if (validate(account)) return [];
      return schemaIssues(validate.errors).map((issue) => ({
        path: ['tenants', t, 'fixedAccounts', a, ...pathOf(issue)],
        message: `${issue.message} (the document's CustomerAccount)`,
      }));
    });
    const unplaceable = checkFixedAccounts(fixed, firstId, rules).map((p) => ({
      path: ['tenants', t, 'fixedAccounts', p.index, p.field],
      message: p.message,
    }));
    return [...invalid, ...unplaceable];
  });
}

function pathOf(issue: SchemaIssue): (string | number)[] {
  return issue.segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top)';
}
