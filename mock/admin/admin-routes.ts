import { readdirSync, readFileSync } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { parse } from 'yaml';
import type { Mock } from '../app.ts';
import { kiboError } from '../errors.ts';
import type { JournalFilter } from '../journal.ts';
import type { MockEnv } from '../mock-env.ts';
import { loadScenarioFile, parseScenario, scenariosDir, type Scenario } from '../scenarios/scenario.ts';

/**
 * The admin API of openapi/mock-admin.yaml, under /__mock: scenarios, tenant resets, counts and
 * the request journal. With an admin token every call must carry it (constant-time compare).
 */
export function adminRoutes(mock: Mock, adminToken: string | undefined): Hono<MockEnv> {
  const admin = new Hono<MockEnv>();
  const shipped = shippedScenarios();

  if (adminToken !== undefined) {
    const expected = digest(adminToken);
    admin.use(async (c, next) => {
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw kiboError(
          401,
          'UNAUTHORIZED',
          'Authorization has been refused for those credentials: the admin API needs the admin token',
          {
            headers: { 'WWW-Authenticate': 'Bearer realm="kibo-mock-admin"' },
          },
        );
      }
      await next();
    });
  }

  const status = (c: Context<MockEnv>) =>
    c.json({
      scenario: mock.world().scenario,
      tenants: mock.world().counts(),
      journalEntries: mock.journal.size,
    });

  const load = (c: Context<MockEnv>, scenario: Scenario) => {
    mock.loadScenario(scenario);
    return status(c);
  };

  admin.get('/status', status);
  admin.get('/scenarios', (c) =>
    c.json({ items: [...shipped().values()].map(({ name, description }) => ({ name, description })) }),
  );
  admin.put('/scenario', async (c) => {
    const text = await c.req.text();
    let scenario: Scenario;
    try {
      scenario = parseScenario(text, 'scenario', mock.loaded);
    } catch (error) {
      throw kiboError(
        400,
        'MISSING_OR_INVALID_PARAMETER',
        `Missing or invalid parameter: ${(error as Error).message}`,
      );
    }
    return load(c, scenario);
  });
  admin.put('/scenario/:name', (c) => {
    const found = shipped().get(c.req.param('name'));
    if (!found) {
      throw kiboError(
        404,
        'ITEM_NOT_FOUND',
        `Item not found: no scenario "${c.req.param('name')}"; shipped: ${[...shipped().keys()].join(', ')}`,
      );
    }
    return load(c, loadScenarioFile(found.file, mock.loaded));
  });
  admin.post('/tenants/:tenantId/reset', (c) => {
    const tenantId = Number(c.req.param('tenantId'));
    if (!Number.isInteger(tenantId) || tenantId < 1) {
      throw kiboError(
        400,
        'MISSING_OR_INVALID_PARAMETER',
        `Missing or invalid parameter: tenantId must be a positive integer`,
      );
    }
    mock.world().resetTenant(tenantId);
    return c.body(null, 204);
  });
  admin.get('/journal', (c) => c.json({ items: mock.journal.list(journalFilter(c)) }));
  admin.delete('/journal', (c) => {
    mock.journal.clear();
    return c.body(null, 204);
  });
  return admin;
}

function journalFilter(c: Context<MockEnv>): JournalFilter {
  const number = (name: string) => {
    const raw = c.req.query(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) {
      throw kiboError(
        400,
        'MISSING_OR_INVALID_PARAMETER',
        `Missing or invalid parameter: ${name} must be a whole number (got "${raw}")`,
      );
    }
    return Number(raw);
  };
  return {
    method: c.req.query('method'),
    path: c.req.query('path'),
    operationId: c.req.query('operationId'),
    status: number('status'),
    since: number('since'),
    limit: number('limit'),
  };
}

/** Ready-made scenarios: every YAML file of scenarios/, by its `name`; read on first use. */
function shippedScenarios(): () => Map<string, { name: string; description: string; file: string }> {
  let found: Map<string, { name: string; description: string; file: string }> | undefined;
  return () => {
    found ??= new Map(
      readdirSync(scenariosDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((entry) => {
          const file = `${scenariosDir}${entry}`;
          // Only name and description are read here; the whole file is checked when it is loaded.
          const head = parse(readFileSync(file, 'utf8')) as { name?: string; description?: string };
          const name = head.name ?? entry.replace(/\.ya?ml$/, '');
          return [name, { name, description: (head.description ?? '').trim(), file }];
        }),
    );
    return found;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
