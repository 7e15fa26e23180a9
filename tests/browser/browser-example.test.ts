// examples/browser/ built as npm test builds it and served as plain files: the page lists, creates
// and refuses accounts with no mock server running (the static server only hands out files).
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../support/chromium.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const site = join(repoRoot, 'examples/browser/dist');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const served: string[] = [];
let files: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['build/build-browser-example.ts'], { cwd: repoRoot });
  files = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    served.push(path);
    const file = path === '/' ? 'index.html' : path.slice(1);
    readFile(join(site, file)).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await once(files.listen(0, '127.0.0.1'), 'listening');
  origin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  files?.close();
});

it('lists accounts, creates three through Bulk and shows a 409, all answered in the page', async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/`);
  await page.locator('#status', { hasText: 'Ready' }).waitFor();
  expect(await page.locator('#total').textContent()).toBe('30');
  expect(await page.locator('#accounts li').count()).toBe(30);

  await page.click('#create');
  await page.locator('#status', { hasText: 'Created' }).waitFor();
  await page.locator('#total', { hasText: '33' }).waitFor();
  expect(await page.locator('#accounts li').first().textContent()).toContain('browser.3@example.com');

  await page.click('#conflict');
  await page.locator('#status.error', { hasText: '409 VALIDATION_CONFLICT' }).waitFor();
  await page.screenshot({ path: join(artifactsDir, 'browser-example.png') });

  expect(problems).toEqual([]);
  // Only files came from a server; every API call was answered by the mock in the page.
  expect([...new Set(served)].sort()).toEqual(['/', '/main.js', '/mockServiceWorker.js']);
});
