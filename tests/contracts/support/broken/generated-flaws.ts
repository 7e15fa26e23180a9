import type { OpenAPIV3_1 } from 'openapi-types';
import { loadPlan } from '../../../../openapi/load-plan.ts';
import { mergedSchema } from '../../../../openapi/schema-arbitrary.ts';
import type { FetchLike } from '../../../../client/target.ts';
import { kiboErrorResponse, rebuild } from '../fetch-rewrites.ts';
import type { BrokenImplementation } from './breakers.ts';
import { defaultMaxExamples } from '../../../../contracts/run-context.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

const plan = await loadPlan();

/** The request's JSON body and the schema its operation declares for it, when it has both. */
async function bodyOf(
  request: Request,
): Promise<{ text: string; json: unknown; schema: SchemaObject } | undefined> {
  const match = plan.match(request.method, new URL(request.url).pathname);
  if (match.kind !== 'found' || 'notMocked' in match.value || !match.value.body) return undefined;
  const text = await request.clone().text();
  try {
    return { text, json: JSON.parse(text) as unknown, schema: match.value.body.schema };
  } catch {
    return undefined;
  }
}

/** Every string of a body that is one character over its maxLength, cut back to it: a limit checked with `>` one too late. */
function cutOneOver(value: unknown, raw: SchemaObject): unknown {
  const schema = mergedSchema(raw);
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length === schema.maxLength + 1)
    return value.slice(0, schema.maxLength);
  if (Array.isArray(value))
    return value.map((item) => cutOneOver(item, ('items' in schema ? schema.items : {}) ?? {}));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, cutOneOver(child, schema.properties?.[key] ?? {})]),
    );
  return value;
}

/** The same body with `edit` applied to every object in it, at any depth. */
function everyObject(
  value: unknown,
  edit: (object: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => everyObject(item, edit));
  if (typeof value !== 'object' || value === null) return value;
  return edit(
    Object.fromEntries(Object.entries(value).map(([key, child]) => [key, everyObject(child, edit)])),
  );
}

const withBody =
  (change: (json: unknown, schema: SchemaObject) => unknown) =>
  (inner: FetchLike): FetchLike =>
  async (request) => {
    const body = await bodyOf(request);
    if (!body) return inner(request);
    const changed = change(body.json, body.schema);
    if (changed instanceof Response) return changed;
    // Unchanged, the body goes on byte for byte (an oversize body must stay oversize).
    const text = JSON.stringify(changed);
    return inner(await rebuild(request, { body: text === JSON.stringify(body.json) ? body.text : text }));
  };

/**
 * Flaws no hand-written check looks for, each on a value only a case generated from the schemas
 * sends: one past a length limit of any field, a malformed address in a contact, an empty middle
 * name. The gallery runs them with its fixed seed, so the checks that catch them are known.
 */
export const generatedFlaws: readonly BrokenImplementation[] = [
  {
    name: 'enforces every maxLength one character late',
    breaks: 'assumption',
    caughtBy: ['generated.addAccountContact-refuses-invalid'],
    evidence: 'characters (maxLength',
    maxExamples: defaultMaxExamples,
    wrap: withBody(cutOneOver),
  },
  {
    name: "accepts a contact's email that is not an email address",
    breaks: 'assumption',
    caughtBy: ['generated.addAccountContact-refuses-invalid'],
    evidence: 'email not a email',
    maxExamples: defaultMaxExamples,
    wrap: withBody((json) =>
      everyObject(json, (object) =>
        typeof object.email === 'string' && !object.email.includes('@')
          ? { ...object, email: 'someone@example.com' }
          : object,
      ),
    ),
  },
  {
    name: 'answers 500 to a contact with an empty middle name',
    breaks: 'contract',
    caughtBy: ['generated.addAccountContact-refuses-invalid'],
    evidence: 'got 500 — a server error',
    maxExamples: defaultMaxExamples,
    wrap: withBody((json) => {
      let empty = false;
      everyObject(json, (object) => ((empty ||= object.middleNameOrInitial === ''), object));
      return empty
        ? kiboErrorResponse(500, 'UNEXPECTED_ERROR', 'Object reference not set to an instance of an object')
        : json;
    }),
  },
];
