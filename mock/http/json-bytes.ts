import { createRecentList } from './recent-list.ts';

const encoder = new TextEncoder();

/**
 * The UTF-8 JSON of each deeply frozen object met so far (a generated account: see
 * dataset/account-cache.ts), which cannot change: a page read again is then copied from bytes made
 * once, not serialised and encoded anew. Weak, so an entry lives as long as its object.
 */
const known = new WeakMap<object, Uint8Array<ArrayBuffer>>();

/**
 * `JSON.stringify(value)`, UTF-8 encoded, byte for byte: the top two levels (a page, its items) are
 * walked here so that a frozen item's bytes are reused; anything else is JSON.stringify's.
 *
 * The bytes handed out must not be written to: an answer made of the same cached parts as a recent
 * one is that same Uint8Array (see `recent`), and a lone frozen item is its cached bytes.
 */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  const parts: (string | Uint8Array<ArrayBuffer>)[] = [];
  write(value, 2, parts);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (typeof only === 'string') return encoder.encode(only);
  if (only !== undefined) return only;
  // Text only (a Bulk answer: its new accounts are not frozen): one native encode of it all.
  if (parts.every((part) => typeof part === 'string')) return encoder.encode(parts.join(''));
  return recent.find(parts) ?? recent.add(parts, joined(parts));
}

/*
 * The last answers made of cached parts, with the parts they were made of, most recent first. The
 * parts of a page are immutable (frozen items' bytes, text), so equal parts are equal bytes: the
 * page a load test polls is then one Uint8Array, not a fresh 470 KB buffer per answer. Those
 * buffers live outside V8's heap and their churn forced a full collection every few dozen pages,
 * which cost more than the copy; the journal digests a reused answer once too, keeping as many
 * digests as there are answers to reuse (`reusedAnswers`).
 */
export const reusedAnswers = { count: 8, bytes: 4 * 2 ** 20 } as const;
const recent = createRecentList<readonly (string | Uint8Array)[], Uint8Array<ArrayBuffer>>({
  ...reusedAnswers,
  sizeOf: (_, bytes) => bytes.length,
  matches: sameParts,
});

function sameParts(a: readonly (string | Uint8Array)[], b: readonly (string | Uint8Array)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One buffer of the exact length. The text between cached parts is mostly short ASCII punctuation
 * (a page's `,` between its 200 items): copied in by char code, it leaves no garbage behind, where
 * encoding each piece made 200 small arrays per page. Longer or other text is encoded first: a
 * JavaScript loop over kilobytes of text costs more than the native encoder.
 */
function joined(parts: readonly (string | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const pieces = parts.map((part) =>
    typeof part === 'string' && (part.length > shortText || !isAscii(part)) ? encoder.encode(part) : part,
  );
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      for (let i = 0; i < piece.length; i++) bytes[at++] = piece.charCodeAt(i);
    } else {
      bytes.set(piece, at);
      at += piece.length;
    }
  }
  return bytes;
}

const shortText = 64;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Writes what JSON.stringify would; `undefined` for what it leaves out (undefined, functions, symbols). */
function write(value: unknown, levels: number, parts: (string | Uint8Array<ArrayBuffer>)[]): boolean {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return false;
    parts.push(text);
    return true;
  }
  const cached = known.get(value);
  if (cached) {
    parts.push(cached);
    return true;
  }
  if (Object.isFrozen(value) && deeplyFrozen(value)) {
    const bytes = encoder.encode(JSON.stringify(value));
    known.set(value, bytes);
    parts.push(bytes);
    return true;
  }
  // toJSON (a Date) and anything deeper than a page's items: JSON.stringify's own way.
  if (levels === 0 || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return false;
    parts.push(text);
    return true;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      if (!write(value[i], levels - 1, parts)) parts.push('null');
    }
    parts.push(']');
    return true;
  }
  parts.push('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const mark = parts.length;
    parts.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    if (write((value as Record<string, unknown>)[key], levels - 1, parts)) first = false;
    else parts.length = mark;
  }
  parts.push('}');
  return true;
}

function deeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const child of Object.values(value) as unknown[]) {
    if (child !== null && typeof child === 'object' && !deeplyFrozen(child)) return false;
  }
  return true;
}
