import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it, onTestFinished } from 'vitest';
import { databaseFileName, openSqliteStorage } from '../../../mock/persistence/sqlite-storage.ts';
import { batch, firstId, tenant } from './commit-loop.ts';

const size = 300;
const script = join(import.meta.dirname, 'commit-loop.ts');

/** Runs the commit loop until `afterCommits` batches are reported, then sends `signal`. */
async function runUntilSignalled(dir: string, signal: NodeJS.Signals, afterCommits: number) {
  const child = spawn(process.execPath, [script, dir, String(size)], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const printed: number[] = [];
  // Lines already in the pipe when the signal lands are still read: they were printed.
  for await (const line of createInterface({ input: child.stdout })) {
    const k = /^committed (\d+)$/.exec(line)?.[1];
    if (k === undefined) continue;
    printed.push(Number(k));
    if (printed.length === afterCommits) child.kill(signal);
  }
  const [code, signalCode] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { printed, code, signalCode, stderr };
}

it.each([
  ['SIGKILL', { code: null, signalCode: 'SIGKILL' }],
  ['SIGTERM', { code: 0, signalCode: null }],
] as const)('keeps every batch reported before %s and no partial one', async (signal, exit) => {
  const dir = mkdtempSync(join(tmpdir(), 'kibo-persistence-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));

  const run = await runUntilSignalled(dir, signal, 5);
  expect(run.stderr).toBe('');
  expect({ code: run.code, signalCode: run.signalCode }).toEqual(exit);
  expect(run.printed).toEqual(run.printed.map((_, k) => k));

  const storage = openSqliteStorage(join(dir, databaseFileName), {
    identity: { seed: 1, accounts: 250 },
    uniqueKeys: ['emailAddress'],
  });
  onTestFinished(() => storage.close());
  const backend = storage.backend(tenant);
  const { next } = await backend.state();
  const batches = ((next ?? firstId) - firstId) / size;
  // At most one batch more than printed: committed, but killed before its line was written.
  expect(batches === run.printed.length || batches === run.printed.length + 1).toBe(true);
  const expected = Array.from({ length: batches + 1 }, (_, k) => batch(k, size)).flat();
  const stored = await backend.read(expected.map((account) => account.id));
  // Every account of every committed batch, none of the batch after: never half a batch.
  expect([...stored.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))).toEqual(
    expected.slice(0, batches * size),
  );
});
