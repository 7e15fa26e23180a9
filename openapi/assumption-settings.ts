import { marksOn, markKey } from './assumption-marks.ts';
import { documentOf, type LoadedDocument } from './loaded-document.ts';
import type { ApiPlan } from './operation-plan.ts';

/**
 * What a run of the mock makes of the kit's assumptions, by id: `false` turns one off (the rules
 * it marks are dropped), a number replaces the limit it marks (a batch limit of 5000). Absent:
 * as the document says.
 */
export type AssumptionSettings = Readonly<Record<string, false | number>>;

/** Limits that keep the mock's memory and time bounded: they can be changed, not removed. */
const bounds = new Set(['x-max-body-bytes', 'x-max-json-depth', 'x-scan-limit']);

/**
 * Assumptions about what the mock itself answers, which it keeps whatever a run asks, and why:
 * no answer without them would make it more like a tenant a client can work with. The suite's
 * calibration still says when a tenant does otherwise. Every other assumption turned off changes
 * what the mock does (tests/mock/assumption-settings.test.ts holds both lists to that).
 */
const kept: Readonly<Record<string, string>> = {
  'error-body': "every error the mock answers carries message and errorCode, which Kibo's SDKs read",
  'token-response':
    "the mock's token answer is what Kibo's SDKs log in with (access_token, token_type Bearer, expires_in)",
  'secrets-write-only': 'the mock never returns or repeats a secret, whatever a tenant does',
  'delete-with-orders':
    'it names only the status of a refusal Kibo does make (an account with orders is kept), and the mock has no other status to give it',
  'sign-in-refusal':
    'it names only the status of a refusal Kibo does make (a wrong password signs nobody in), and the mock has no other status to give it',
};

type Node = Record<string, unknown>;

/** What is wrong with settings for this plan's document, one message each (none: usable). */
export function assumptionSettingProblems(plan: ApiPlan, settings: AssumptionSettings): string[] {
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    const assumption = plan.assumptions.find((a) => a.id === id);
    if (!assumption) {
      problems.push(
        `"${id}" is not one of the document's assumptions: ${plan.assumptions.map((a) => a.id).join(', ')}`,
      );
      continue;
    }
    const keywords = [...new Set(assumption.marks.map((m) => m.keyword))];
    if (keywords.length === 0) {
      problems.push(
        `${id} marks no rule of the document (it is read from the document as a whole): nothing to change`,
      );
      continue;
    }
    const reason = kept[id];
    if (reason !== undefined) {
      problems.push(`${id} cannot be turned off or changed: ${reason}`);
      continue;
    }
    if (setting === false) {
      const bound = keywords.filter((k) => bounds.has(k));
      if (bound.length > 0)
        problems.push(`${id} marks ${bound.join(', ')}, a bound of the mock: give a number, not off`);
      continue;
    }
    if (!Number.isSafeInteger(setting) || setting < 0) {
      problems.push(`${id} must be off or a whole number (got ${String(setting)})`);
      continue;
    }
    const values = assumption.marks.map((m) => m.keyword);
    const numeric = keywords.every((k) => k === 'status' || numericKeywords.has(k));
    if (!numeric || values.every((k) => k === 'status')) {
      problems.push(`${id} marks ${keywords.join(', ')}: it can be turned off, not given a number`);
    }
  }
  return problems;
}

const numericKeywords = new Set([
  'maxItems',
  'minItems',
  'maxLength',
  'minLength',
  'maximum',
  'minimum',
  'x-max-body-bytes',
  'x-max-json-depth',
  'x-scan-limit',
  'x-lockout-after',
  'x-code-lifetime-minutes',
  'x-default-lifetime-minutes',
]);

/**
 * A copy of the loaded document with the settings applied to its dereferenced form: each rule an
 * assumption turned off marks is dropped, each limit given a number takes it. Refusing unknown
 * fields is not dropped but becomes dropping them, what a lenient server does (the plan's
 * `unknownFields`). Statuses stay declared. Throws on settings the document cannot take.
 */
export function relaxedDocument(plan: ApiPlan, settings: AssumptionSettings): LoadedDocument {
  const problems = assumptionSettingProblems(plan, settings);
  if (problems.length > 0) throw new Error(`assumptions: ${problems.join('; ')}`);
  const { loaded } = plan;
  const document = structuredClone(loaded.document);
  const seen = new Set<object>();
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const marks = marksOn(node);
    const record = node as Node;
    for (const [keyword, id] of Object.entries(marks)) {
      const setting = settings[id];
      if (setting === undefined || keyword === 'status' || keyword === 'additionalProperties') continue;
      if (setting === false) {
        delete record[keyword];
        const rest = Object.fromEntries(Object.entries(marks).filter(([k]) => k !== keyword));
        record[markKey] = rest;
      } else record[keyword] = setting;
    }
    for (const child of Object.values(record)) walk(child);
  };
  walk(document);
  const relaxed = new Set(
    Object.entries(settings)
      .filter(([, setting]) => setting === false)
      .map(([id]) => id),
  );
  return documentOf({ source: loaded.source, document }, relaxed);
}
