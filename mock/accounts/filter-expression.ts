import type { ParseResult } from './parse-result.ts';
import {
  type FieldKind,
  type Scalar,
  compareScalars,
  findField,
  listFields,
  scalarOf,
} from './scalar-fields.ts';

/**
 * A collection's `filter` (getAccounts', getAccountContacts'), on the scalar fields its items have:
 * `field op value` joined with `and` / `or` (`and` binds tighter), grouped with parentheses;
 * keywords and field names are case-insensitive. Operand types are checked
 * against the field's kind here, so a mistyped filter is a 400, not an empty page.
 * Positions in messages are 1-based character offsets into the expression.
 */

export type Predicate = (record: Readonly<Record<string, unknown>>) => boolean;

const operators = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sw', 'cont'] as const;
type Operator = (typeof operators)[number];
const ordering: readonly Operator[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le'];

const operatorsOf: Record<FieldKind, readonly Operator[]> = {
  string: operators,
  number: ordering,
  'date-time': ordering,
  boolean: ['eq', 'ne'],
};

const expectedValue: Record<FieldKind, string> = {
  string: "a 'quoted string' or null",
  number: 'a number or null',
  'date-time': "a quoted ISO 8601 date-time such as '2024-01-31T09:30:00Z', or null",
  boolean: 'true, false or null',
};

// Deep enough for any hand-written filter; the limit keeps a hostile expression from overflowing the stack.
const maxDepth = 32;

type Token =
  | { readonly type: 'word' | '(' | ')' | 'end'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly text: string; readonly at: number; readonly value: string }
  | { readonly type: 'number'; readonly text: string; readonly at: number; readonly value: number };

type Literal = string | number | boolean | null;

export function parseFilter(expr: string, fields: ReadonlyMap<string, FieldKind>): ParseResult<Predicate> {
  if (expr.trim() === '')
    return fail(`empty expression; expected field op value; filterable fields: ${listFields(fields)}`);
  const lexed = tokenize(expr);
  if (!lexed.ok) return lexed;
  const tokens = lexed.value;
  let pos = 0;
  // tokenize always ends with an 'end' token, and nothing reads past it.
  const peek = (): Token => tokens[Math.min(pos, tokens.length - 1)] as Token;
  const next = (): Token => {
    const token = peek();
    if (token.type !== 'end') pos++;
    return token;
  };
  const isKeyword = (token: Token, keyword: string) =>
    token.type === 'word' && token.text.toLowerCase() === keyword;

  // One level of the grammar: operands joined by `or` (any holds) or by `and` (all hold).
  const joined = (
    keyword: 'or' | 'and',
    operand: (depth: number) => ParseResult<Predicate>,
    depth: number,
  ): ParseResult<Predicate> => {
    const parts: Predicate[] = [];
    for (;;) {
      const part = operand(depth);
      if (!part.ok) return part;
      parts.push(part.value);
      if (!isKeyword(peek(), keyword)) break;
      next();
    }
    const [only] = parts;
    if (parts.length === 1 && only) return { ok: true, value: only };
    const value: Predicate =
      keyword === 'or' ? (r) => parts.some((p) => p(r)) : (r) => parts.every((p) => p(r));
    return { ok: true, value };
  };
  const parseOr = (depth: number) => joined('or', parseAnd, depth);
  const parseAnd = (depth: number) => joined('and', parsePrimary, depth);

  const parsePrimary = (depth: number): ParseResult<Predicate> => {
    if (peek().type !== '(') return parseComparison();
    const open = next();
    if (depth >= maxDepth) return fail(`more than ${maxDepth} nested "(" at position ${open.at}`);
    const inner = parseOr(depth + 1);
    if (!inner.ok) return inner;
    const close = next();
    if (close.type === ')') return inner;
    if (close.type === 'end') return fail(`unbalanced "(" at position ${open.at}`);
    return fail(`unexpected ${describe(close)} at position ${close.at}; expected "and", "or" or ")"`);
  };

  const parseComparison = (): ParseResult<Predicate> => {
    const name = next();
    if (name.type !== 'word') {
      return fail(`expected a field name at position ${name.at}, found ${describe(name)}`);
    }
    const field = findField(fields, name.text);
    if (!field) {
      return fail(
        `unknown field "${name.text}" at position ${name.at}; filterable fields: ${listFields(fields)}`,
      );
    }
    const op = next();
    const operator = op.text.toLowerCase();
    if (op.type !== 'word' || !isOperator(operator)) {
      return fail(
        `expected an operator after "${field.name}" at position ${op.at}, found ${describe(op)}; operators: ${operators.join(', ')}`,
      );
    }
    if (!operatorsOf[field.kind].includes(operator)) {
      return fail(
        `operator "${operator}" at position ${op.at} does not apply to ${field.kind} field "${field.name}"; ${field.kind} fields take ${operatorsOf[field.kind].join(', ')}`,
      );
    }
    const operand = next();
    const literal = literalOf(operand);
    const value = literal === undefined ? undefined : operandFor(field.kind, literal);
    if (value === undefined) {
      return fail(
        `expected ${expectedValue[field.kind]} for "${field.name}" at position ${operand.at}, found ${describe(operand)}`,
      );
    }
    if (value === null && operator !== 'eq' && operator !== 'ne') {
      return fail(`null at position ${operand.at} only works with eq and ne`);
    }
    return { ok: true, value: compile(field.name, field.kind, operator, value) };
  };

  const whole = parseOr(0);
  if (!whole.ok) return whole;
  const rest = next();
  if (rest.type === 'end') return whole;
  if (rest.type === ')') return fail(`unbalanced ")" at position ${rest.at}`);
  return fail(`unexpected ${describe(rest)} at position ${rest.at}; expected "and" or "or"`);
}

/**
 * A null or missing field matches only `eq null` and `ne <value>`, as in SQL-backed services: it
 * equals nothing, so it is "not equal" to every value but ordered relative to none.
 */
function compile(field: string, kind: FieldKind, operator: Operator, operand: Scalar | null): Predicate {
  if (operand === null) {
    const wantNull = operator === 'eq';
    return (record) => (scalarOf(kind, record[field]) === null) === wantNull;
  }
  const test = testFor(operator, operand);
  return (record) => {
    const value = scalarOf(kind, record[field]);
    return value === null ? operator === 'ne' : test(value);
  };
}

/**
 * String comparisons ignore case because Kibo's account search does (its data sits behind
 * case-insensitive collations: `emailAddress eq 'ANN@X.COM'` finds ann@x.com). sw and cont fold case;
 * the ordering operators use the same collation as sortBy, so `gt` and sorting agree.
 */
function testFor(operator: Operator, operand: Scalar): (value: Scalar) => boolean {
  const folded = typeof operand === 'string' ? operand.toLowerCase() : '';
  switch (operator) {
    case 'eq':
      return (v) => (typeof v === 'string' ? v.toLowerCase() === folded : v === operand);
    case 'ne':
      return (v) => (typeof v === 'string' ? v.toLowerCase() !== folded : v !== operand);
    case 'gt':
      return (v) => compareScalars(v, operand) > 0;
    case 'lt':
      return (v) => compareScalars(v, operand) < 0;
    case 'ge':
      return (v) => compareScalars(v, operand) >= 0;
    case 'le':
      return (v) => compareScalars(v, operand) <= 0;
    case 'sw':
      return (v) => typeof v === 'string' && v.toLowerCase().startsWith(folded);
    case 'cont':
      return (v) => typeof v === 'string' && v.toLowerCase().includes(folded);
  }
}

/** The literal as a value of the field's kind; undefined when it has another type. */
function operandFor(kind: FieldKind, literal: Literal): Scalar | null | undefined {
  if (literal === null) return null;
  const value = scalarOf(kind, literal);
  return value === null ? undefined : value;
}

function literalOf(token: Token): Literal | undefined {
  if (token.type === 'string' || token.type === 'number') return token.value;
  if (token.type !== 'word') return undefined;
  const keyword = token.text.toLowerCase();
  if (keyword === 'true') return true;
  if (keyword === 'false') return false;
  if (keyword === 'null') return null;
  return undefined;
}

function isOperator(word: string): word is Operator {
  return (operators as readonly string[]).includes(word);
}

const wordPattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const numberPattern = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function tokenize(expr: string): ParseResult<Token[]> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const char = expr.charAt(i);
    const at = i + 1;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char, text: char, at });
      i++;
    } else if (char === "'") {
      // OData-style strings: a quote inside is written twice ('O''Brien').
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = expr.indexOf("'", j);
        if (close === -1) return fail(`unterminated string starting at position ${at}; close it with '`);
        value += expr.slice(j, close);
        if (expr[close + 1] !== "'") {
          j = close + 1;
          break;
        }
        value += "'";
        j = close + 2;
      }
      tokens.push({ type: 'string', text: expr.slice(i, j), at, value });
      i = j;
    } else {
      const word = sticky(wordPattern, expr, i);
      const number = word === undefined ? sticky(numberPattern, expr, i) : undefined;
      if (word !== undefined) tokens.push({ type: 'word', text: word, at });
      else if (number !== undefined) tokens.push({ type: 'number', text: number, at, value: Number(number) });
      else return fail(`unexpected character ${JSON.stringify(char)} at position ${at}`);
      i += (word ?? number ?? '').length;
    }
  }
  tokens.push({ type: 'end', text: '', at: expr.length + 1 });
  return { ok: true, value: tokens };
}

function sticky(pattern: RegExp, expr: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(expr)?.[0];
}

function describe(token: Token): string {
  return token.type === 'end' ? 'the end of the expression' : `"${token.text}"`;
}

function fail(message: string): ParseResult<never> {
  return { ok: false, message: `filter: ${message}` };
}
