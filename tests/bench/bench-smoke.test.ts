import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/bench-report.ts';

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Asserts that the harness runs end to end and reports; speed is the benchmark's business, not a test's.
it('runs the benchmark harness against the mock and the ceiling and writes both reports', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/run.ts', '--smoke', '--out', out], {
    timeout: 150_000,
  });
  expect.soft(stdout).toContain('Bulk-10: mock / ceiling');

  const markdown = readFileSync(join(out, 'smoke.md'), 'utf8');
  for (const section of ['## Machine', '## Targets of the issue', '## Results', '## Servers', '## Method']) {
    expect.soft(markdown).toContain(section);
  }
  expect.soft(markdown).toContain('npm run bench -- --smoke');

  const report = JSON.parse(readFileSync(join(out, 'smoke.json'), 'utf8')) as BenchReport;
  expect(report.plan).toBe('smoke');
  const ran = report.results.map((r) => `${r.target} ${r.workload}`);
  expect(ran).toEqual(
    expect.arrayContaining([
      'mock bulk-10',
      'mock bulk-1000',
      'mock page-first',
      'mock page-deep',
      'mock get-account',
      'ceiling bulk-10',
    ]),
  );
  for (const result of report.results) {
    expect.soft(result.ok, `${result.target} ${result.workload} answered`).toBeGreaterThan(0);
    expect.soft(result.errors + result.non2xx, `${result.target} ${result.workload} failures`).toBe(0);
  }
  expect(report.findings.map((f) => f.id)).toContain('bulk10-vs-ceiling');
  expect(report.servers.find((s) => s.role === 'reads')?.startupMs).toBeGreaterThan(0);
}, 180_000);
