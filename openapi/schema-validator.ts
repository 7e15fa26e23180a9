import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under Node's ESM loader its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface ValidatorOptions {
  /** Parameters arrive as strings: "20" becomes 20 for an integer schema. */
  readonly coerceTypes?: boolean;
  /** Fills in the schemas' `default`s (isActive: true …) on the validated value. */
  readonly useDefaults?: boolean;
  /**
   * Ajv's strict mode, for checking the document itself: a misspelled keyword (`maxlength`) fails
   * loudly. These keywords (the document's `x-` extensions, `example`) are annotations to allow.
   */
  readonly strictWith?: readonly string[];
  /** Each error names the schema object whose keyword failed (Ajv's `verbose`), to look up its marks. */
  readonly reportSchemas?: boolean;
  /** Properties an `additionalProperties: false` schema does not declare are dropped, not refused. */
  readonly dropUnknown?: boolean;
}

/**
 * The one validator factory of the kit: JSON Schema 2020-12 (OpenAPI 3.1's dialect) with the
 * string formats and OpenAPI's numeric ones, so `format: int32` is checked rather than ignored.
 * Strict mode is off by default because OpenAPI schemas carry `example` and `x-` keywords.
 * Every error is collected, so a 400 or a report lists them all.
 */
export function createValidator(options: ValidatorOptions = {}): Ajv2020 {
  const ajv = addFormats(
    new Ajv2020({
      allErrors: true,
      strict: options.strictWith !== undefined,
      allowUnionTypes: true,
      coerceTypes: options.coerceTypes ?? false,
      useDefaults: options.useDefaults ?? false,
      verbose: options.reportSchemas ?? false,
      removeAdditional: options.dropUnknown ?? false,
    }),
  );
  for (const keyword of options.strictWith ?? []) ajv.addKeyword({ keyword });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  return ajv;
}

/** One way a value breaks its schema: where (property names and indexes) and what it must be. */
export interface SchemaIssue {
  readonly keyword: string;
  /** Down to the offending property, a missing or undeclared one included. */
  readonly segments: readonly string[];
  /** Where the value that failed sits (for a missing property, its parent). */
  readonly instancePath: string;
  /** `must be integer`, `is required`, … without the value, which callers add as they may. */
  readonly message: string;
  /** The schema object holding the failed keyword (with `reportSchemas`). */
  readonly schema?: object;
}

/**
 * Ajv's errors in the kit's words, once per place and message: `if` / `anyOf` / `oneOf` wrappers
 * repeat what their branches already said, and `allOf` reports a branch once per failure. Of the
 * branches of a failed anyOf / oneOf, those the value's type rules out are left out when another
 * branch takes its type (`latencyMs: 99999999` is told it is too large, not also that it is no
 * object); when none does, one issue says which types they take.
 */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  const { ruledOut, typeErrors } = branchesRuledOutByType(errors ?? []);
  for (const error of errors ?? []) {
    if (ruledOut.has(error)) continue;
    const types = typeErrors.get(error);
    if (types) {
      issues.push({
        keyword: 'type',
        segments: error.instancePath.split('/').slice(1).map(unescapePointer),
        instancePath: error.instancePath,
        message: `must be ${types.join(' or ')}`,
      });
      continue;
    }
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const extra = params.missingProperty ?? params.additionalProperty;
    const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
    if (extra !== undefined) segments.push(extra);
    const schema: unknown = error.parentSchema;
    const issue = {
      keyword: error.keyword,
      segments,
      instancePath: error.instancePath,
      message: explain(error),
      ...(typeof schema === 'object' && schema !== null ? { schema } : {}),
    };
    const key = `${segments.join('/')}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/**
 * The errors of every anyOf / oneOf branch that failed on the value's type itself, and, for a
 * wrapper all of whose branches did, the types they take. Branches are told apart by their
 * schema path (`…/oneOf/1/…`). A oneOf that failed because several branches matched is left as is.
 */
function branchesRuledOutByType(errors: readonly ErrorObject[]): {
  ruledOut: Set<ErrorObject>;
  typeErrors: Map<ErrorObject, string[]>;
} {
  const ruledOut = new Set<ErrorObject>();
  const typeErrors = new Map<ErrorObject, string[]>();
  for (const wrapper of errors) {
    if (wrapper.keyword !== 'anyOf' && wrapper.keyword !== 'oneOf') continue;
    if ((wrapper.params as { passingSchemas?: unknown }).passingSchemas != null) continue;
    const prefix = `${wrapper.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of errors) {
      if (!error.schemaPath.startsWith(prefix) || !error.instancePath.startsWith(wrapper.instancePath))
        continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const typeOf = (branch: string, list: readonly ErrorObject[]) =>
      list.find((e) => e.schemaPath === `${prefix}${branch}/type` && e.instancePath === wrapper.instancePath);
    const out = [...branches].filter(([branch, list]) => typeOf(branch, list) !== undefined);
    if (out.length === 0) continue;
    for (const [, list] of out) for (const error of list) ruledOut.add(error);
    if (out.length === branches.size) {
      const types = out.flatMap(([branch, list]) =>
        String(typeOf(branch, list)?.params.type ?? '').split(','),
      );
      typeErrors.set(wrapper, [...new Set(types)]);
    }
  }
  return { ruledOut, typeErrors };
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a declared property';
    case 'not':
      return 'must not be null';
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? `breaks ${error.keyword}`;
  }
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Resolves an RFC 6901 JSON pointer (`/items/0/id`) in a value. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1).map(unescapePointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
