import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import { invalidParameter } from './error-catalogue.ts';
import type { OperationResult } from './operation-context.ts';

/** What a `Prefer` header asks for (RFC 7240), in Prism's vocabulary: `code=404, example=name`. */
export interface Preference {
  readonly code?: number;
  readonly example?: string;
}

export function parsePrefer(header: string | undefined): Preference {
  if (!header) return {};
  const preference: { code?: number; example?: string } = {};
  for (const part of header.split(/[,;]/)) {
    const [name, raw] = part.split('=').map((s) => s.trim());
    const value = raw?.replace(/^"(.*)"$/, '$1');
    if (name === 'code' && value !== undefined) {
      if (!/^\d{3}$/.test(value)) {
        throw invalidParameter('Prefer', `Prefer: code must be a 3-digit status (got "${value}")`);
      }
      preference.code = Number(value);
    } else if (name === 'example' && value) {
      preference.example = value;
    }
  }
  return preference;
}

/**
 * The document's example for a status the client asked for, so a frontend can exercise its error
 * screens. A status the operation does not declare, or an unknown example name, is a 400 that says
 * what exists.
 */
export function preferredResponse(plan: OperationPlan, preference: Preference): OperationResult | undefined {
  if (preference.code === undefined && preference.example === undefined) return undefined;
  const { statuses } = plan;
  const status = preference.code ?? plan.success.status;
  const response = statuses.includes(status) ? plan.response(status) : undefined;
  if (!response) {
    throw invalidParameter(
      'Prefer',
      `Prefer: ${plan.operationId} does not declare status ${status}; it declares ${statuses.join(', ')}`,
    );
  }
  const [type] = Object.keys(response.content ?? {});
  const media = type === undefined ? undefined : response.content?.[type];
  const headers = exampleHeaders(response);
  if (!media) return { status, headers };
  const examples = Object.entries(media.examples ?? {}) as [string, OpenAPIV3_1.ExampleObject][];
  const chosen = preference.example ? examples.find(([name]) => name === preference.example) : examples[0];
  if (!chosen) {
    throw invalidParameter(
      'Prefer',
      `Prefer: status ${status} of ${plan.operationId} has no example "${preference.example}"; it has ${examples.map(([n]) => n).join(', ') || 'none'}`,
    );
  }
  return { status, body: chosen[1].value, headers };
}

/** Declared headers that carry an example (WWW-Authenticate, Retry-After) go out with it. */
function exampleHeaders(response: OpenAPIV3_1.ResponseObject): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const example = (header as OpenAPIV3_1.HeaderObject).example as unknown;
    if (name.toLowerCase() === 'x-vol-correlation') continue;
    if (typeof example === 'string' || typeof example === 'number') headers[name] = String(example);
  }
  return headers;
}
