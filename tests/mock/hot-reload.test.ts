// `--watch` on temporary copies of a scenario and of the documents: edits are served while the
// mock runs, a no-op edit keeps the state, a bad edit keeps the previous version serving.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDocumentPath, documentPath } from '../../openapi/load-document.ts';
import { scenariosDir } from '../../mock/world/scenarios/scenario-file.ts';
import { fetchToken, startCli } from '../support/spawned-mock.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hot-reload-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once the mock's output grows by a line matching `pattern` (10 s at most). */
async function logged(output: () => string, pattern: RegExp): Promise<string> {
  const start = output().length;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = output()
      .slice(start)
      .split('\n')
      .find((text) => pattern.test(text));
    if (line !== undefined) return output().slice(start);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line matching ${pattern} in 10 s; the mock said:\n${output().slice(start)}`);
}

async function accounts(url: string): Promise<number> {
  const status = (await (await fetch(`${url}/__mock/status`)).json()) as {
    tenants: { tenantId: number; accounts: number }[];
  };
  return status.tenants.find((t) => t.tenantId === 100000)?.accounts ?? -1;
}

async function bulk(url: string, token: string, count: number): Promise<number> {
  const body = Array.from({ length: count }, (_, i) => ({
    account: { emailAddress: `hot.${Date.now()}.${i}@example.com` },
  }));
  const answer = await fetch(`${url}/api/commerce/customer/accounts/Bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer.status;
}

describe('npm start -- --watch', { timeout: 60_000 }, () => {
  it('reloads the scenario file, keeps state on a no-op edit, keeps serving on a bad edit', async () => {
    const file = join(dir, 'scenario.yaml');
    copyFileSync(`${scenariosDir}empty-tenant.yaml`, file);
    const original = readFileSync(file, 'utf8');
    const { url, output } = await startCli(['--watch', '--scenario', file]);
    await bulk(url, await fetchToken(url), 1);
    expect(await accounts(url)).toBe(1);

    writeFileSync(file, `${original}\n# a comment only\n`);
    expect(await logged(output, /scenario\.yaml changed, but not the scenario; state kept/)).toBeTruthy();
    expect(await accounts(url)).toBe(1);

    writeFileSync(file, original.replace(/accounts: 0/, 'accounts: 5'));
    await logged(output, /scenario\.yaml reloaded: scenario .*start afresh/);
    expect(await accounts(url)).toBe(5);

    writeFileSync(
      file,
      `${original.replace(/accounts: 0/, 'accounts: 5')}\nfaults:\n  - { operation: addAccounts, status: 599 }\n`,
    );
    const said = await logged(output, /was not loaded; still serving the previous version/);
    expect(said).toContain('addAccounts does not declare 599');
    expect(await accounts(url)).toBe(5);
  });

  it('reloads an edited document into a new app, and keeps the old one on invalid YAML', async () => {
    const document = join(dir, 'customer-accounts.yaml');
    copyFileSync(documentPath, document);
    copyFileSync(adminDocumentPath, join(dir, 'mock-admin.yaml'));
    const original = readFileSync(document, 'utf8');
    const { url, output } = await startCli([
      '--watch',
      '--document',
      document,
      '--admin-document',
      join(dir, 'mock-admin.yaml'),
    ]);
    const token = await fetchToken(url);
    expect(await bulk(url, token, 3)).toBe(200);

    // Bulk's batch limit lowered to 2 in the document: three items are now a 400.
    const limited = original.replace(/maxItems: 1000/, 'maxItems: 2');
    expect(limited).not.toBe(original);
    writeFileSync(document, limited);
    const said = await logged(output, /customer-accounts\.yaml reloaded; a new document makes a new app/);
    // The tokens are JWTs signed with the same key: the new app takes them, and the log says so.
    expect(said).toContain('access tokens stay valid');
    expect(await bulk(url, token, 3)).toBe(400);
    const fresh = await fetchToken(url);
    expect(await bulk(url, fresh, 3)).toBe(400);
    expect(await accounts(url)).toBe(250);

    writeFileSync(document, `${limited}\n  : : not yaml [\n`);
    await logged(output, /customer-accounts\.yaml was not loaded; still serving the previous version/);
    expect(await bulk(url, fresh, 3)).toBe(400);
    expect(await bulk(url, fresh, 2)).toBe(200);
  });

  it('serves the edited document when --document is a path relative to where it runs', async () => {
    const cwd = join(dir, 'relative');
    mkdirSync(join(cwd, 'w'), { recursive: true });
    // Its own node_modules: the edited documents' cache goes there, and away with the folder.
    mkdirSync(join(cwd, 'node_modules'));
    copyFileSync(documentPath, join(cwd, 'w', 'doc.yaml'));
    const original = readFileSync(documentPath, 'utf8');
    const { url, output } = await startCli(['--watch', '--document', 'w/doc.yaml'], cwd);
    const token = await fetchToken(url);
    expect(await bulk(url, token, 3)).toBe(200);

    writeFileSync(join(cwd, 'w', 'doc.yaml'), original.replace(/maxItems: 1000/, 'maxItems: 2'));
    await logged(output, /doc\.yaml reloaded; a new document makes a new app/);
    expect(await bulk(url, token, 3)).toBe(400);
  });

  it('refuses --watch with --data-dir, saying why', async () => {
    await expect(startCli(['--watch', '--data-dir', join(dir, 'data')])).rejects.toThrow(
      /--watch reloads into a fresh state, --data-dir keeps state across restarts/,
    );
  });
});
