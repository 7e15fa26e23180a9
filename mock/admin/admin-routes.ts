import { createHash, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { parse } from 'yaml';
import { adminDocumentPath, loadDocument } from '../../openapi/load-document.ts';
import { maxBodyBytes, maxJsonDepth } from '../../openapi/rules.ts';
import type { Mock } from '../app.ts';
import { KiboHttpError, invalidParameter, kiboError } from '../http/errors.ts';
import type { JournalFilter } from '../journal/journal.ts';
import type { MockEnv } from '../http/mock-env.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { compileRequestValidators, type Checked } from '../http/request-validator.ts';
import { loadScenarioFile, parseScenario, scenariosDir, type Scenario } from '../world/scenarios/scenario.ts';
import { sendJson } from '../http/send-json.ts';

/**
 * The admin API of openapi/mock-admin.yaml, under /__mock: scenarios, tenant resets, counts and
 * the request journal. Parameters and limits are checked against that document, as the API's
 * are against its own. With an admin token every call must carry it (constant-time compare).
 */
export async function adminRoutes(mock: Mock, adminToken: string | undefined): Promise<Hono<MockEnv>> {
  const document = await loadDocument(adminDocumentPath);
  const validators = compileRequestValidators(document);
  const validator = (operationId: string) => {
    const found = validators.get(operationId);
    if (!found) throw new Error(`mock-admin.yaml has no operation ${operationId}`);
    return found;
  };
  const journalQuery = validator('getJournal');
  const resetPath = validator('resetTenant');
  const scenarioBody = document.operation('loadScenario');
  const shipped = shippedScenarios();
  const admin = new Hono<MockEnv>();

  if (adminToken !== undefined) {
    const expected = digest(adminToken);
    admin.use(async (c, next) => {
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw kiboError(
          401,
          'UNAUTHORIZED',
          'Authorization has been refused for those credentials: the admin API needs the admin token',
          { headers: { 'WWW-Authenticate': 'Bearer realm="kibo-mock-admin"' } },
        );
      }
      await next();
    });
  }

  const status = (c: Context<MockEnv>) =>
    sendJson(c, 200, {
      scenario: mock.world().scenario,
      tenants: mock.world().counts(),
      journalEntries: mock.journal.size,
    });

  /** A scenario that cannot build a world (a bad clock, an unknown behavior) is the caller's 400. */
  const load = (c: Context<MockEnv>, scenario: Scenario) => {
    try {
      mock.loadScenario(scenario);
    } catch (error) {
      if (error instanceof KiboHttpError) throw error;
      throw invalidParameter('scenario', `scenario ${scenario.name}: ${(error as Error).message}`);
    }
    return status(c);
  };

  admin.get('/status', status);
  admin.get('/scenarios', (c) =>
    sendJson(c, 200, {
      items: [...shipped().values()].map(({ name, description }) => ({ name, description })),
    }),
  );
  admin.put('/scenario', async (c) => {
    const { text } = await readJsonBody(c, {
      maxBytes: maxBodyBytes(scenarioBody),
      maxDepth: maxJsonDepth(scenarioBody),
    });
    let scenario: Scenario;
    try {
      scenario = parseScenario(text, 'scenario', mock.loaded);
    } catch (error) {
      throw invalidParameter('scenario', (error as Error).message);
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
    const { tenantId } = checked(resetPath.path(c.req.param())) as { tenantId: number };
    mock.world().resetTenant(tenantId);
    return c.body(null, 204);
  });
  admin.get('/journal', (c) =>
    sendJson(c, 200, {
      items: mock.journal.list(checked(journalQuery.query(c.req.query())) as JournalFilter),
    }),
  );
  admin.delete('/journal', (c) => {
    mock.journal.clear();
    return c.body(null, 204);
  });
  return admin;
}

function checked<T>(result: Checked<T>): T {
  if (result.ok) return result.value;
  const [first] = result.violations;
  throw invalidParameter(first?.parameter ?? '', first?.message ?? 'invalid request', result.violations);
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
