import { everyItem, schemaAt } from '../../openapi/field-paths.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { cut, type ApiError, type ErrorLimits } from './error-catalogue.ts';

/**
 * The bounds of a document's error body, which a 400 listing a request's violations keeps: how
 * many items, how long each message, how long the summary. A document without them cannot be
 * served safely (one request could ask for an answer of any size), so that fails at start-up.
 */
export function errorLimitsOf(plan: ApiPlan): ErrorLimits {
  const body = plan.errorBody;
  const limits = {
    items: schemaAt(body, ['items'])?.maxItems,
    itemText: schemaAt(body, ['items', everyItem, 'message'])?.maxLength,
    message: schemaAt(body, ['message'])?.maxLength,
    dataText: schemaAt(body, ['additionalErrorData', everyItem, 'value'])?.maxLength,
  };
  if (
    limits.items === undefined ||
    limits.itemText === undefined ||
    limits.message === undefined ||
    limits.dataText === undefined
  ) {
    const missing = Object.entries(limits).filter(([, value]) => value === undefined);
    throw new Error(
      `The document's error body must bound items (maxItems), items[].message and message (maxLength); missing: ${missing.map(([name]) => name).join(', ')}`,
    );
  }
  return {
    items: limits.items,
    itemText: limits.itemText,
    message: limits.message,
    dataText: limits.dataText,
  };
}

/** An error body cut to the document's bounds: every error the mock answers goes through here. */
export function fitErrorBody(body: ApiError, limits: ErrorLimits): ApiError {
  const data = (list: ApiError['additionalErrorData']) =>
    list?.map((entry) => ({
      ...entry,
      value: entry.value === null ? null : cut(entry.value, limits.dataText),
    }));
  return {
    ...body,
    message: cut(body.message, limits.message),
    additionalErrorData: data(body.additionalErrorData),
    items: body.items?.slice(0, limits.items).map((item) => ({
      ...item,
      message: cut(item.message ?? '', limits.itemText),
      applicationErrorData: data(item.applicationErrorData),
    })),
  };
}
