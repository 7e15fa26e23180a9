import { expect, it } from 'vitest';
import { createMock } from '../../mock/app.ts';

it('implements every operation its documents declare', async () => {
  const lines: string[] = [];
  const mock = await createMock({ log: (line) => lines.push(line) });
  expect(mock.unimplemented).toEqual([]);
  expect(lines.filter((line) => line.includes('does not implement'))).toEqual([]);
});

it('answers an operation an edited document declares ahead of the mock with a 501 naming it', async () => {
  const lines: string[] = [];
  const mock = await createMock({ log: (line) => lines.push(line) });
  const unserved = mock.plan.operations.filter((o) => mock.unimplemented.includes(o.operationId));
  for (const operation of unserved) {
    const path = `${operation.basePath}${operation.path.replace(/\{[^}]+\}/g, '1')}`;
    const answer = await mock.app.request(path, { method: operation.method });
    expect(answer.status, operation.operationId).toBe(501);
  }
});
