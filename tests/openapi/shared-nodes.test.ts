import { expect, it } from 'vitest';
import { bundledDocument } from '../../openapi/bundled-document.ts';
import { documentPath, readDocument } from '../../openapi/load-document.ts';
import { shareNodes, unshareNodes, type SharedNodes } from '../../openapi/shared-nodes.ts';

const roundTrip = (value: unknown) =>
  unshareNodes(JSON.parse(JSON.stringify(shareNodes(value))) as SharedNodes);

it('writes an object used twice once and reads it back as one object', () => {
  const schema = { type: 'string', maxLength: 5 };
  const value = { a: schema, b: [schema, { c: schema }], d: 1 };
  const shared = shareNodes(value);
  expect(shared.nodes).toEqual([schema]);
  const back = roundTrip(value) as typeof value;
  expect(back).toEqual(value);
  expect(back.b[0]).toBe(back.a);
});

it('keeps a cycle a cycle', () => {
  const node: { name: string; self?: unknown } = { name: 'n' };
  node.self = node;
  const back = roundTrip({ node }) as { node: { self: unknown } };
  expect(back.node.self).toBe(back.node);
});

it('refuses a document that uses its marker key', () => {
  expect(() => shareNodes({ x: { $sharedNode: 0 } })).toThrow(/\$sharedNode/);
});

it('bundles the customer document equal to what swagger-parser reads from the YAML', async () => {
  const read = await readDocument(documentPath);
  const bundled = bundledDocument('customer-accounts.yaml');
  expect(bundled.document).toEqual(read.document);
  expect(bundled.source).toEqual(read.source);
});
