import { describe, expect, it } from 'vitest';
import { marksOn } from '../../openapi/assumption-marks.ts';
import { mockClient } from '../support/mock-client.ts';

type Node = Record<string, unknown>;

/** Every object of a document that carries x-kit-assumption marks, with its pointer. */
function marked(node: unknown, pointer = '#'): { pointer: string; node: Node }[] {
  if (typeof node !== 'object' || node === null) return [];
  const own = Object.keys(marksOn(node)).length > 0 ? [{ pointer, node: node as Node }] : [];
  return [
    ...own,
    ...Object.entries(node).flatMap(([key, child]) =>
      key === 'x-kit-assumption' ? [] : marked(child, `${pointer}/${key}`),
    ),
  ];
}

describe('the API reference at /docs', () => {
  it('says in every marked object’s description which of its rules are the kit’s assumptions', async () => {
    const { call, mock } = await mockClient();
    const answer = await call('GET', '/docs/customer-accounts.json', { token: null });
    expect(answer.status).toBe(200);
    const document = answer.body as Node & { info: { description: string } };
    const places = marked(document);
    expect(places.length).toBeGreaterThan(100);
    const silent = places.filter(({ node }) => {
      const text = typeof node.description === 'string' ? node.description : '';
      return !Object.entries(marksOn(node)).every(
        ([keyword, id]) =>
          text.includes(`\`${id}\``) && (keyword === 'status' || text.includes(`\`${keyword}\``)),
      );
    });
    expect(silent.map(({ pointer }) => pointer)).toEqual([]);
    for (const { id, why } of mock.plan.assumptions)
      expect(document.info.description).toContain(`- \`${id}\`: ${why}`);
  });

  it('keeps /openapi.json as written, for programs', async () => {
    const { call } = await mockClient();
    const served = (await call('GET', '/openapi.json', { token: null })).body as {
      info: { description: string };
    };
    expect(served.info.description).not.toContain("The kit's assumptions**");
    expect(JSON.stringify(served)).not.toContain('**Kit assumption**');
  });
});
