import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/node/start-mock-server.ts';
import { artifactsDir, launchChromium } from '../support/chromium.ts';

let server: MockServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startMockServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Whether the element's box lies wholly within the page's viewport, where a screenshot sees it. */
async function inViewport(locator: Locator): Promise<boolean> {
  // boundingBox() is relative to the main frame's viewport, so scrolling moves it.
  const [box, viewport] = [await locator.boundingBox(), locator.page().viewportSize()];
  if (!box || !viewport) return false;
  return (
    box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width
  );
}

it('renders the reference at /docs with Bulk, logged in, and a "try it" call the mock answers', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const external: string[] = [];
  // Everything the page loads comes from the mock itself: no CDN, works offline.
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) external.push(request.url());
  });
  await page.goto(`${server.url}/docs`);
  const bulk = page.locator('#operations-CustomerAccount-addAccounts');
  await bulk.waitFor();
  expect(await bulk.textContent()).toContain('/commerce/customer/accounts/Bulk');
  await page.locator('#mock-auth', { hasText: 'authorized as mock.app.1.0.0.Release' }).waitFor();

  // The shot is of the operation this kit is about, not of whatever the page's top shows.
  await bulk.scrollIntoViewIfNeeded();
  expect(await inViewport(bulk)).toBe(true);
  await page.screenshot({ path: join(artifactsDir, 'docs-page.png') });

  // "Try it" is on: Bulk with the document's own example body, sent with the page's token.
  await bulk.locator('.opblock-summary').click();
  await bulk.locator('button.execute').click();
  const answer = bulk.locator('.live-responses-table tr.response').first();
  await answer.waitFor();
  expect((await answer.locator('.response-col_status').textContent())?.trim()).toBe('200');
  expect(await answer.locator('.response-col_description').textContent()).toMatch(
    /"id": \d+,\s*"emailAddress": "[^"]+@/,
  );
  await answer.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifactsDir, 'docs-try-it.png') });

  // The call reached this mock, with the token the page fetched from its oauth endpoint.
  expect((await server.journal.calls('addAccounts')).map((entry) => entry.status)).toEqual([200]);
  expect((await server.journal.calls('oauthAuthenticateApp')).map((entry) => entry.status)).toEqual([200]);
  expect(external).toEqual([]);
});

it('shows which rules are the kit’s assumptions, and every assumption with why', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}/docs`);
  // The document's description ends with the registry: each assumption and why.
  const info = page.locator('.information-container');
  await info.getByText("The kit's assumptions", { exact: true }).waitFor();
  expect(await info.textContent()).toContain('batch-limit: Kibo publishes no batch size');

  // getAccounts' fields parameter: its reading is the kit's, and the page says so where it sits.
  const list = page.locator('#operations-CustomerAccount-getAccounts');
  await list.locator('.opblock-summary').click();
  const fields = list.locator('tr[data-param-name="fields"]');
  await fields.waitFor();
  const text = (await fields.textContent()) ?? '';
  expect(text).toContain("Kit assumption, not Kibo's published contract");
  expect(text).toContain('x-field-selection (fields-meaning)');
  // The extensions themselves are shown too.
  expect(text).toContain('x-kit-assumption');
  await fields.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifactsDir, 'docs-assumptions.png') });
});

it('links the admin API document, which the docs page can switch to', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/docs`);
  const link = page.locator('nav a', { hasText: 'admin API document' });
  expect(await link.getAttribute('href')).toBe('/__mock/openapi.json');
  const answer = await page.request.get(`${server.url}/__mock/openapi.json`);
  expect(((await answer.json()) as { info: { title: string } }).info.title).toContain('admin API');
});

it('answers / and /api with links: a page for a browser, JSON otherwise', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/api`);
  await page.locator('a', { hasText: `${server.url}/docs` }).waitFor();
  const json = (await (await fetch(`${server.url}/`)).json()) as Record<string, string>;
  expect(json).toMatchObject({
    docs: `${server.url}/docs`,
    document: `${server.url}/openapi.json`,
    adminDocument: `${server.url}/__mock/openapi.json`,
  });
});
