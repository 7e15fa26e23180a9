import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadDocument } from '../../openapi/load-document.ts';
import { startPrism, type RunningPrism } from '../support/start-prism.ts';
import { planOf } from '../../openapi/operation-plan.ts';
import { createAjv, describeErrors } from './helpers.ts';

const loaded = await loadDocument();
const bulk = loaded.operation('addAccounts');
const requestExamples = Object.entries(
  (bulk.operation.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']?.examples ?? {},
).map(([name, example]) => [name, (example as OpenAPIV3_1.ExampleObject).value as unknown] as const);

const ajv = createAjv(loaded.document);
const validate = ajv.compile(planOf(loaded).schema('CustomerAccountCollection'));

let prism: RunningPrism | undefined;

beforeAll(async () => {
  prism = await startPrism(25_000);
}, 30_000);

afterAll(() => prism?.stop());

it.each(requestExamples)(
  'Prism answers the Bulk request example %s with a valid CustomerAccountCollection',
  async (name, body) => {
    // Prism serves the document's paths without the server URL's `/api` prefix.
    const response = await fetch(`${prism?.url ?? ''}${bulk.path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `POST ${bulk.path} (example ${name}) → ${text}`).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const payload = JSON.parse(text) as unknown;
    expect(
      validate(payload),
      `${name}: CustomerAccountCollection\n${describeErrors(ajv, validate.errors)}`,
    ).toBe(true);
  },
);
