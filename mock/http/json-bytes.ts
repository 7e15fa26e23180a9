const encoder = new TextEncoder();

/**
 * The UTF-8 JSON of each deeply frozen object met so far (a generated account: see
 * dataset/account-cache.ts), which cannot change: a page read again is then copied from bytes made
 * once, not serialised and encoded anew. Weak, so an entry lives as long as its object.
 */
const known = new WeakMap<object, Uint8Array>();

/**
 * `JSON.stringify(value)`, UTF-8 encoded, byte for byte: the top two levels (a page, its items) are
 * walked here so that a frozen item's bytes are reused; anything else is JSON.stringify's.
 */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  const parts: (string | Uint8Array)[] = [];
  write(value, 2, parts);
  if (parts.length === 1 && typeof parts[0] === 'string') return encoder.encode(parts[0]);
  // Adjacent text is encoded once, then every part is copied into one buffer.
  const chunks: Uint8Array[] = [];
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else {
      if (text !== '') chunks.push(encoder.encode(text));
      text = '';
      chunks.push(part);
    }
  }
  if (text !== '') chunks.push(encoder.encode(text));
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Writes what JSON.stringify would; `undefined` for what it leaves out (undefined, functions, symbols). */
function write(value: unknown, levels: number, parts: (string | Uint8Array)[]): boolean {
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
