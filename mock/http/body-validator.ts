import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import { everyItem, type FieldPath } from '../../openapi/field-paths.ts';
import type { BodyPlan } from '../../openapi/operation-plan.ts';
import { schemaIssues, type SchemaIssue } from '../../openapi/schema-validator.ts';
import type { Violation } from './error-catalogue.ts';
import type { Checked } from './request-validator.ts';
import { structuralCheck } from './structural-check.ts';
import { violationsOf } from './violations-of.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

export interface BodyValidatorOptions {
  readonly body: BodyPlan;
  /** The document's `x-all-or-nothing`: a batch that is not goes on with its valid items. */
  readonly allOrNothing: boolean;
  /** How many violations a 400 lists (the error body's `items.maxItems`): collecting stops after one more. */
  readonly maxViolations: number;
  /** Ajv with the document's defaults, dropping unknown properties when `unknown-fields` is off. */
  readonly compile: (schema: SchemaObject, unknownFields: BodyPlan['unknownFields']) => ValidateFunction;
}

/**
 * A request body judged cheapest first, in bounded time and with a bounded list: a batch over its
 * `maxItems` is refused before any item is read; then each value's types, lengths, counts and
 * keys (structural-check.ts), and only what passes those meets Ajv's formats, patterns and rules.
 * A batch is judged item by item, so collecting stops after `maxViolations + 1` violations (the
 * 400 then says checking stopped there); a batch that is not all-or-nothing is read to its end,
 * naming each further failing item by its first problem, as its handler must set them all apart.
 */
export function bodyValidator(options: BodyValidatorOptions): (parsed: unknown) => Checked<unknown> {
  const { body, maxViolations } = options;
  const limit = maxViolations + 1;
  const refused = (violations: Violation[]): Checked<unknown> => ({
    ok: false,
    violations,
    ...(violations.length > maxViolations ? { incomplete: true } : {}),
  });
  // A write-only value that fails validation is still a secret: its violations never repeat it.
  const secrets: readonly FieldPath[] = body.isArray
    ? body.rules.writeOnly.map((path) => [everyItem, ...path])
    : body.rules.writeOnly;
  const cheap = structuralCheck(body.isArray ? body.itemSchema : body.schema, {
    unknownFields: body.unknownFields,
  });
  const full = options.compile(body.isArray ? body.itemSchema : body.schema, body.unknownFields);
  const issuesOf = (value: unknown, room: number): SchemaIssue[] => {
    const found = cheap(value, room);
    return found.length > 0 || full(value) ? found : schemaIssues(full.errors).slice(0, room);
  };

  if (!body.isArray) {
    return (parsed) => {
      const issues = issuesOf(parsed, limit);
      return issues.length === 0
        ? { ok: true, value: parsed }
        : refused(violationsOf(issues, parsed, { location: 'body', secrets }));
    };
  }

  // The batch's own rules (its type, minItems, maxItems), without its items.
  const { items: _items, ...arrayRules } = body.schema as SchemaObject & { items?: unknown };
  const batch = options.compile(arrayRules as SchemaObject, 'refuse');
  return (parsed) => {
    if (Array.isArray(parsed) && body.maxItems !== undefined && parsed.length > body.maxItems) {
      return refused([
        {
          parameter: 'body',
          message: `body must NOT have more than ${body.maxItems} items (got ${parsed.length})`,
        },
      ]);
    }
    if (!batch(parsed) || !Array.isArray(parsed)) {
      return refused(violationsOf(schemaIssues(batch.errors), parsed, { location: 'body', secrets: [] }));
    }
    const violations: Violation[] = [];
    for (const [index, item] of parsed.entries()) {
      const listed = violations.length >= limit;
      if (listed && options.allOrNothing) break;
      const issues = issuesOf(item, listed ? 1 : limit - violations.length);
      violations.push(...violationsOf(issues, item, { location: 'body', secrets, index }));
    }
    return violations.length === 0 ? { ok: true, value: parsed } : refused(violations);
  };
}
