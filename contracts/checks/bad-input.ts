import type { OpenAPIV3_1 } from 'openapi-types';
import { formatFieldPath, schemaAt, withFieldSet, type FieldPath } from '../../openapi/field-paths.ts';
import { uniqueKeysAt, type ApiPlan } from '../../openapi/operation-plan.ts';
import { bulkSchemas } from '../account-schemas.ts';
import { skip, type Check } from '../check.ts';
import { operations } from '../../client/operations.ts';
import type { RunContext } from '../run-context.ts';
import type { AccountItem } from '../test-data.ts';
import { upperLocalPart } from '../other-case.ts';
import { wrongTypedProperties } from '../wrong-values.ts';
import { badInputCheck, namesItem, type BadInput } from './bad-input-check.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/**
 * Values a real client plausibly sends that a `format` or `pattern` of the document refuses (an
 * address without an @, a locale written the POSIX way, a country in lower case): whether a
 * target refuses them too is what tells the kit's reading of that field from the target's.
 */
const outOfFormat: readonly {
  readonly path: FieldPath;
  readonly keyword: 'format' | 'pattern';
  readonly value: string;
  readonly sent: string;
}[] = [
  {
    path: ['account', 'emailAddress'],
    keyword: 'format',
    value: 'not-an-email-address',
    sent: 'an emailAddress that is not an email address',
  },
  { path: ['account', 'localeCode'], keyword: 'pattern', value: 'en_US', sent: 'a localeCode written en_US' },
  {
    path: ['account', 'contacts', '[]', 'address', 'countryCode'],
    keyword: 'pattern',
    value: 'us',
    sent: 'a countryCode in lower case',
  },
];

/** Inputs Bulk must refuse, each derived from a rule of the document. */
export function badInputChecks(plan: ApiPlan): Check[] {
  const entry = plan.operation(operations.addAccounts);
  const schemas = bulkSchemas(plan);
  const { maxItems, maxBytes, mediaTypes: accepted } = schemas.plan;
  const wrongTypes = wrongTypedProperties(schemas.account);
  const allOrNothingNote = entry.allOrNothing
    ? ' (x-all-or-nothing: the valid item is not created either)'
    : '';
  const operation = entry.entry.operation;
  const requestBody = operation.requestBody as object | undefined;
  const refusal = {
    allOrNothing: plan.assumptionOf(operation, 'x-all-or-nothing'),
    errorBody: plan.assumptionOf(plan.schema('ApiError'), 'required'),
  };
  const uniqueKeys = plan.assumptionOf(schemas.account, 'x-unique-keys');

  const inputs: BadInput[] = [
    {
      id: 'bad-input.malformed-json',
      title: 'A body that is not JSON is refused',
      rule: `requestBody ${accepted.join(', ')}: a body that does not parse → 400`,
      status: 400,
      sent: 'a body that is not JSON',
      request: (context, label) => ({ rawBody: JSON.stringify([tagged(context, label, 'a')]).slice(0, -2) }),
    },
    {
      id: 'bad-input.non-array-body',
      title: 'A body that is not an array is refused',
      rule: 'requestBody schema: type array (of CustomerAccountAndAuthInfo) → anything else 400',
      status: 400,
      sent: 'a body that is an object, not an array',
      request: (context, label) => ({ body: tagged(context, label, 'a') }),
    },
    {
      id: 'bad-input.wrong-field-types',
      title: 'Wrong field types are refused, naming the failing item',
      rule: `CustomerAccount property types (${Object.keys(wrongTypes).join(', ')} sent with wrong types) → 400 listing the failing item${allOrNothingNote}`,
      status: 400,
      sent: 'an item with wrong field types',
      request: (context, label) => ({
        body: [tagged(context, label, 'a'), tagged(context, label, 'b', wrongTypes)],
      }),
      inspect: (reply) => namesItem(reply, 1),
    },
    {
      id: 'bad-input.missing-required',
      title: 'An item without its required fields is refused',
      rule: `required: ${describeRequired(schemas)} → 400${allOrNothingNote}`,
      status: 400,
      sent: 'an item without its required fields',
      assumption:
        plan.assumptionOf(schemas.account, 'required') ?? plan.assumptionOf(schemas.item, 'required'),
      request: (context, label) => ({
        body: [tagged(context, label, 'a'), withoutRequired(tagged(context, label, 'b'), schemas)],
      }),
      inspect: (reply) => namesItem(reply, 1),
    },
    {
      id: 'bad-input.missing-body',
      title: 'A request without a body is refused',
      rule: `requestBody required: ${schemas.plan.required} → a request without one gets 400`,
      status: 400,
      sent: 'no body',
      assumption: plan.assumptionOf(requestBody, 'required'),
      request: () => {
        if (!schemas.plan.required) skip('the Bulk body is not declared required');
        return {};
      },
    },
    {
      id: 'bad-input.empty-batch',
      title: 'An empty batch is refused',
      rule: `requestBody schema: minItems ${schemas.plan.minItems ?? '(none)'} → an empty array gets 400`,
      status: 400,
      sent: 'an empty batch',
      assumption: plan.assumptionOf(schemas.body, 'minItems'),
      request: () => {
        if ((schemas.plan.minItems ?? 0) < 1) skip('the Bulk body declares no minItems');
        return { body: [] };
      },
    },
    ...outOfFormat.flatMap(({ path, keyword, value, sent }): BadInput[] => {
      const field = schemaAt(schemas.item, path);
      const rule = field?.[keyword];
      if (rule === undefined) return [];
      return [
        {
          id: `bad-input.wrong-${keyword}-${path.at(-1) ?? ''}`,
          title: `${sent.replace(/^an? /, (a) => a.toUpperCase())} is refused`,
          rule: `${formatFieldPath(path)}: ${keyword} ${String(rule)} → ${JSON.stringify(value)} gets 400 naming the item`,
          status: 400,
          sent,
          assumption: plan.assumptionOf(field, keyword),
          request: (context, label) => ({ body: [withFieldSet(tagged(context, label, 'a'), path, value)] }),
          inspect: (reply) => namesItem(reply, 0),
        },
      ];
    }),
    {
      id: 'bad-input.oversize-batch',
      title: 'A batch over the item limit is refused',
      rule: `requestBody schema: maxItems ${maxItems ?? '(none)'} → ${maxItems === undefined ? '' : maxItems + 1} items get 400`,
      status: 400,
      sent: `${maxItems === undefined ? 'too many' : maxItems + 1} items`,
      assumption: plan.assumptionOf(schemas.body, 'maxItems'),
      request: (context, label) => {
        if (maxItems === undefined) skip('the Bulk body declares no maxItems');
        return { body: Array.from({ length: maxItems + 1 }, (_, i) => tagged(context, label, String(i))) };
      },
    },
    {
      id: 'bad-input.oversize-body',
      title: 'A body over the byte limit is refused',
      rule: `requestBody x-max-body-bytes: ${maxBytes ?? '(none)'} → a larger body gets 413`,
      status: 413,
      sent: `${maxBytes === undefined ? 'a large' : maxBytes + 1}-byte body`,
      assumption: plan.assumptionOf(requestBody, 'x-max-body-bytes'),
      request: (context, label) => {
        if (maxBytes === undefined) skip('the Bulk body declares no x-max-body-bytes');
        // Valid JSON, valid items, padded with whitespace: only the size is wrong.
        const json = JSON.stringify([tagged(context, label, 'a')]);
        return { rawBody: json + ' '.repeat(maxBytes + 1 - Buffer.byteLength(json)) };
      },
    },
    {
      id: 'bad-input.wrong-content-type',
      title: 'A body that is not declared as JSON is refused',
      rule: `requestBody content: ${accepted.join(', ')} only → any other Content-Type gets 415`,
      status: 415,
      sent: 'a JSON body sent as text/plain',
      assumption: plan.assumptionOf(entry.response(415), 'status'),
      request: (context, label) => ({ body: [tagged(context, label, 'a')], contentType: 'text/plain' }),
    },
    ...uniqueKeysAt(plan.rulesOf('CustomerAccount'), []).flatMap((key): BadInput[] => [
      {
        id: `bad-input.duplicate-${key}-in-batch`,
        title: `Two items with the same ${key} (differing in case) are refused`,
        rule: `x-unique-keys: ${key} is unique per tenant, case-insensitively, within the batch → 409 VALIDATION_CONFLICT; nothing created`,
        status: 409,
        sent: `two items with one ${key} in different case`,
        assumption: uniqueKeys,
        request: (context, label) => {
          const first = tagged(
            context,
            label,
            'a',
            key === 'emailAddress' ? {} : { [key]: `ct-${label}-same` },
          );
          const value = String(first.account?.[key]);
          return { body: [first, tagged(context, label, 'b', { [key]: upperLocalPart(value) })] };
        },
      },
      {
        id: `bad-input.duplicate-${key}-existing`,
        title: `An item whose ${key} an existing account has (differing in case) is refused`,
        rule: `x-unique-keys: ${key} is unique per tenant, case-insensitively, against existing accounts → 409 VALIDATION_CONFLICT; nothing created`,
        status: 409,
        sent: `an item with an existing account's ${key} in different case`,
        assumption: uniqueKeys,
        request: async (context, label) => {
          const { items } = await context.batch();
          const taken = items
            .map((item) => (item as Record<string, unknown> | null)?.[key])
            .find((v) => typeof v === 'string');
          if (typeof taken !== 'string')
            skip(`the test batch has no ${key} to collide with (see bulk.echoes-fields)`);
          return {
            body: [
              tagged(context, label, 'a'),
              tagged(context, label, 'b', { [key]: upperLocalPart(taken) }),
            ],
          };
        },
      },
    ]),
    ...Object.entries(schemas.item.properties ?? {}).flatMap(([property, child]): BadInput[] => {
      const { maximum } = child as SchemaObject;
      if (maximum === undefined) return [];
      return [
        {
          id: `bad-input.above-maximum-${property}`,
          title: `${property} above its cap is refused`,
          rule: `CustomerAccountAndAuthInfo.${property}: maximum ${maximum} → ${maximum + 1} gets 400`,
          status: 400,
          sent: `${property} ${maximum + 1}`,
          assumption: plan.assumptionOf(child, 'maximum'),
          request: (context, label) => ({
            body: [{ ...tagged(context, label, 'a'), [property]: maximum + 1 }],
          }),
        },
      ];
    }),
  ];
  if (schemas.account.additionalProperties === false) {
    inputs.push({
      id: 'bad-input.unknown-field',
      title: 'An account property the schema does not declare is refused',
      rule: 'CustomerAccount additionalProperties: false → a property it does not declare gets 400',
      status: 400,
      sent: 'an account with an undeclared property',
      assumption: plan.assumptionOf(schemas.account, 'additionalProperties'),
      request: (context, label) => ({
        body: [tagged(context, label, 'a', { contractCheckUndeclared: true })],
      }),
      inspect: (reply) => namesItem(reply, 0),
    });
  }
  return inputs.map((input) => badInputCheck(input, refusal));
}

/** A valid item whose email and externalId are `<label>-<suffix>`, with extra account fields. */
function tagged(
  context: RunContext,
  label: string,
  suffix: string,
  account: Record<string, unknown> = {},
): AccountItem {
  return context.data.item(`${label}-${suffix}`, account);
}

function describeRequired({ item, account }: ReturnType<typeof bulkSchemas>): string {
  const nested = (account.required ?? []).map((name) => `account.${name}`);
  return [...(item.required ?? []), ...nested].join(', ') || '(none declared)';
}

/** The item without the account's required fields (or, when it has none, without the item's). */
function withoutRequired(
  item: AccountItem,
  { item: itemSchema, account }: ReturnType<typeof bulkSchemas>,
): AccountItem {
  const required = account.required ?? [];
  if (required.length > 0) {
    const trimmed = Object.fromEntries(
      Object.entries(item.account ?? {}).filter(([key]) => !required.includes(key)),
    );
    return { ...item, account: trimmed };
  }
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => !(itemSchema.required ?? []).includes(key)),
  );
}
