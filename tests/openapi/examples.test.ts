import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadDocument } from '../../openapi/load-document.ts';
import { createAjv, describeErrors, isRecord } from './helpers.ts';

const { document, operations } = await loadDocument();
const ajv = createAjv(document);

interface FoundExample {
  /** Where the example sits, e.g. `paths./commerce/customer/accounts/Bulk.post.requestBody…examples.storefrontSignUp`. */
  readonly where: string;
  readonly schema: unknown;
  readonly value: unknown;
}

/**
 * Every example of the dereferenced document: `example` / `examples` beside a `schema` (media
 * types, parameters, headers) and a schema's own `example`. Objects shared through `$ref` are
 * visited once, under the first path that reaches them (paths before components).
 */
function findExamples(
  node: unknown,
  where: string,
  found: FoundExample[],
  seen: Set<object>,
): FoundExample[] {
  if (typeof node !== 'object' || node === null || seen.has(node)) return found;
  seen.add(node);
  if (isRecord(node)) {
    const ownSchema = typeof node.type === 'string' || Array.isArray(node.type);
    const schema = isRecord(node.schema) ? node.schema : ownSchema ? node : undefined;
    if (schema && 'example' in node) found.push({ where: `${where}.example`, schema, value: node.example });
    // JSON Schema's own `examples` is a list; OpenAPI's beside a `schema` is a map of Example Objects.
    if (ownSchema && Array.isArray(node.examples)) {
      node.examples.forEach((value, i) =>
        found.push({ where: `${where}.examples.${i}`, schema: node, value }),
      );
    } else if (schema && isRecord(node.examples)) {
      for (const [name, example] of Object.entries(node.examples)) {
        // An Example Object without `value` (externalValue) cannot be checked, so it is refused.
        const value = isRecord(example) && 'value' in example ? example.value : missingValue;
        found.push({ where: `${where}.examples.${name}`, schema, value });
      }
    }
  }
  for (const [key, child] of Object.entries(node)) {
    // Parameters are named in the label rather than numbered: `…get.parameters.pageSize.example`.
    const step =
      isRecord(child) && typeof child.in === 'string' && typeof child.name === 'string' ? child.name : key;
    findExamples(child, `${where}.${step}`, found, seen);
  }
  return found;
}
const missingValue = Symbol('no inline value');

const seen = new Set<object>();
const examples = [
  ...findExamples(document.paths, 'paths', [], seen),
  ...findExamples(document.components, 'components', [], seen),
];

describe('examples of the document', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it.each(examples.map((example) => [example.where, example] as const))(
    '%s validates against its schema',
    (_, example) => {
      expect(example.value, `${example.where} has no inline value`).not.toBe(missingValue);
      const validate = ajv.compile(example.schema as object);
      const valid = validate(example.value);
      expect(valid, `${example.where}:\n${describeErrors(ajv, validate.errors)}`).toBe(true);
    },
  );

  it('gives every request and response body at least one named example', () => {
    for (const entry of operations) {
      const bodies: [string, OpenAPIV3_1.MediaTypeObject][] = [];
      const request = entry.operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      for (const [type, media] of Object.entries(request?.content ?? {}))
        bodies.push([`request ${type}`, media]);
      for (const [status, response] of Object.entries(entry.operation.responses ?? {})) {
        const content = (response as OpenAPIV3_1.ResponseObject).content ?? {};
        for (const [type, media] of Object.entries(content)) bodies.push([`${status} ${type}`, media]);
      }
      for (const [what, media] of bodies) {
        const count = Object.keys(media.examples ?? {}).length;
        expect.soft(count, `${entry.operationId} ${what} has no named example`).toBeGreaterThan(0);
      }
    }
  });
});
