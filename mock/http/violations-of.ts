import { formatLocation, isWithin, type FieldPath } from '../../openapi/field-paths.ts';
import { valueAtPointer, type SchemaIssue } from '../../openapi/schema-validator.ts';
import type { Violation } from './error-catalogue.ts';

export type Location = 'query' | 'path' | 'header' | 'body';

export interface Where {
  readonly location: Location;
  /** Write-only fields (passwords): a value there is never repeated in a message. */
  readonly secrets: readonly FieldPath[];
  /** The position of `value` in a batch body, when it is one of its items. */
  readonly index?: number;
}

/**
 * Schema issues in Kibo's vocabulary: `[2].account.emailAddress must … (got …)`. A parameter or
 * header is named as sent; a place in a body is written from the value itself, so an index reads
 * `[0]` and a key that looks like one reads `["0"]`.
 */
export function violationsOf(issues: readonly SchemaIssue[], value: unknown, where: Where): Violation[] {
  const { location, secrets, index } = where;
  return issues.map((issue): Violation => {
    const segments = [...(index === undefined ? [] : [index]), ...located(value, issue.segments)];
    const parameter =
      segments.length === 0
        ? location
        : location === 'body'
          ? formatLocation(segments)
          : issue.segments.join('.');
    const quiet =
      issue.keyword === 'required' ||
      issue.keyword === 'additionalProperties' ||
      secrets.some((secret) => isWithin(segments, secret));
    const got = quiet ? '' : ` (got ${describe(valueAtPointer(value, issue.instancePath))})`;
    return {
      parameter,
      ...(index === undefined ? {} : { index }),
      message: `${parameter} ${issue.message}${got}`,
    };
  });
}

/** Each segment as an array index (a number) where the value holds an array there, else a key. */
function located(value: unknown, segments: readonly string[]): (string | number)[] {
  let node = value;
  return segments.map((segment) => {
    const isIndex = Array.isArray(node) && /^\d+$/.test(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    return isIndex ? Number(segment) : segment;
  });
}

/** A short account of a value for a message: never the whole of a big or deeply nested one. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'string' && value.length > 60)
    return `${JSON.stringify(value.slice(0, 57)).slice(0, -1)}..."`;
  return JSON.stringify(value);
}
