import { describeValue } from '../client/describe-value.ts';

/**
 * Where `actual` does not carry what was sent: every sent property must come back with the same
 * value. Objects may gain properties (ids, auditInfo, defaults); arrays are compared item by item.
 */
export function echoMismatches(sent: unknown, actual: unknown, pointer: string): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(actual)) return [`${pointer} must be the array sent (got ${describeValue(actual)})`];
    if (actual.length !== sent.length) {
      return [`${pointer} must have the ${sent.length} item(s) sent (got ${actual.length})`];
    }
    return sent.flatMap((item, index) => echoMismatches(item, actual[index], `${pointer}/${index}`));
  }
  if (typeof sent === 'object' && sent !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${pointer} must be the object sent (got ${describeValue(actual)})`];
    }
    const got = actual as Record<string, unknown>;
    return Object.entries(sent).flatMap(([key, value]) =>
      key in got
        ? echoMismatches(value, got[key], `${pointer}/${key}`)
        : [`${pointer}/${key} was sent but is missing`],
    );
  }
  return Object.is(sent, actual)
    ? []
    : [`${pointer} must be ${describeValue(sent)} as sent (got ${describeValue(actual)})`];
}
