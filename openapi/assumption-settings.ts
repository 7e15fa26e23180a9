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
