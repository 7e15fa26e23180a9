import type { ParseResult } from '../accounts/parse-result.ts';

/**
 * Kibo's `responseFields` query parameter: a comma list of property names, nested with
 * parentheses (`items(id,contacts(email,address(countryCode)))`), that trims a response body.
 * Positions in messages are 1-based character offsets into the expression.
 */

/**
 * Selected names, lower-cased, each mapped to its sub-selection or to `null` (keep the whole value).
 * Names match case-insensitively: Kibo is a .NET service whose JSON binding ignores the case of
 * property names, and a client writing `Items(ID)` surely means `items(id)` rather than nothing.
 */
export type FieldSelection = ReadonlyMap<string, FieldSelection | null>;

type Selection = Map<string, Selection | null>;

const name = /[A-Za-z_][A-Za-z0-9_]*/y;

export function parseResponseFields(expr: string): ParseResult<FieldSelection> {
  if (expr.trim() === '')
    return fail('empty expression; expected property names such as items(id,emailAddress)');
  const root: Selection = new Map();
  // The selections whose "(" is still open, with the position of that "(" for the error message.
  const open: { parent: Selection; at: number }[] = [];
  let current = root;
  let i = 0;
  for (;;) {
    i = skipSpaces(expr, i);
    name.lastIndex = i;
    const match = name.exec(expr);
    if (!match) return fail(expectedName(expr, i));
    const key = match[0].toLowerCase();
    i = skipSpaces(expr, name.lastIndex);
    if (expr[i] === '(') {
      open.push({ parent: current, at: i });
      current = childOf(current, key);
      i++;
      continue;
    }
    current.set(key, null);
    let after = 'a name';
    while (expr[i] === ')') {
      const closed = open.pop();
      if (!closed) return fail(`unbalanced ")" at position ${i + 1}`);
      current = closed.parent;
      i = skipSpaces(expr, i + 1);
      after = '")"';
    }
    if (i === expr.length) {
      const unclosed = open.at(-1);
      return unclosed ? fail(`unbalanced "(" at position ${unclosed.at + 1}`) : { ok: true, value: root };
    }
    if (expr[i] !== ',') return fail(unexpected(expr, i, after));
    i++;
  }
}

/**
 * The sub-selection to fill for `key(`; a repeated name merges (`a(b),a(c)` = `a(b,c)`), and a
 * bare name already selected whole wins over any sub-selection, so this one is parsed and dropped.
 */
function childOf(selection: Selection, key: string): Selection {
  const existing = selection.get(key);
  if (existing) return existing;
  const child: Selection = new Map();
  if (existing === undefined) selection.set(key, child);
  return child;
}

/**
 * Keeps only the selected properties, element-wise through arrays. A sub-selection on a scalar keeps
 * the scalar; null stays null. Builds new objects along the selected paths and never mutates
 * `value`; a property selected whole is shared with the input, not copied (the mock serializes the
 * result right away).
 */
export function applyResponseFields(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => applyResponseFields(item, selection));
  if (value === null || typeof value !== 'object') return value;
  const kept: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    const sub = selection.get(key.toLowerCase());
    if (sub !== undefined) kept.push([key, sub === null ? child : applyResponseFields(child, sub)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
  return Object.fromEntries(kept);
}

function skipSpaces(expr: string, i: number): number {
  while (i < expr.length && /\s/.test(expr.charAt(i))) i++;
  return i;
}

function expectedName(expr: string, i: number): string {
  const found = expr.charAt(i);
  if (found === '' || found === ',' || found === ')' || found === '(') {
    return `empty name at position ${i + 1}; expected a property name before ${found ? `"${found}"` : 'the end'}`;
  }
  return `unexpected ${JSON.stringify(found)} at position ${i + 1}; names are letters, digits and "_", not starting with a digit`;
}

function unexpected(expr: string, i: number, after: string): string {
  const found = expr.charAt(i);
  const allowed = after === 'a name' ? '",", "(" or ")"' : '"," or ")"';
  const hint = /\w/.test(found) ? '' : '; names are letters, digits and "_"';
  return `unexpected ${JSON.stringify(found)} at position ${i + 1}; expected ${allowed} after ${after}${hint}`;
}

function fail(message: string): ParseResult<never> {
  return { ok: false, message: `responseFields: ${message}` };
}
