import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedLines } from '../../mock/cli/batched-lines.ts';

const recorder = () => {
  const writes: string[] = [];
  return { writes, lines: batchedLines((text) => writes.push(text)) };
};

describe('batchedLines', () => {
  it('writes the lines logged in one turn of the event loop as one write, in order, after it', async () => {
    const { writes, lines } = recorder();
    lines.log('GET /a 200 1.0ms');
    lines.log('GET /b 404 0.5ms');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['GET /a 200 1.0ms\nGET /b 404 0.5ms\n']);
  });

  it('writes a lone line on the next turn, and the next batch separately', async () => {
    const { writes, lines } = recorder();
    lines.log('one');
    await nextTurn();
    lines.log('two');
    await nextTurn();
    expect(writes).toEqual(['one\n', 'two\n']);
  });

  it('writes at once when 64 KB wait', () => {
    const { writes, lines } = recorder();
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 64; i++) lines.log(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(64 * 1024);
  });

  it('flush writes what waits, and nothing when nothing does', () => {
    const { writes, lines } = recorder();
    lines.flush();
    lines.log('last words');
    lines.flush();
    expect(writes).toEqual(['last words\n']);
  });
});
