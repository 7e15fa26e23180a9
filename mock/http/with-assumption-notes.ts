import type { OpenAPIV3_1 } from 'openapi-types';
import { marksOn, markKey, registryKey, type Assumption } from '../../openapi/assumption-marks.ts';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/**
 * A document for a reader, not a program: every object that marks a rule as the kit's assumption
 * (`x-kit-assumption`) says so in its own description, and the document's description ends with
 * every assumption and why. A reference page shows descriptions, not extensions, so otherwise
 * nothing on it would tell Kibo's contract from the kit's reading of it.
 */
export function withAssumptionNotes(
  source: OpenAPIV3_1.Document,
  assumptions: readonly Assumption[],
): OpenAPIV3_1.Document {
  if (assumptions.length === 0) return source;
  const noted = structuredClone(source) as unknown as Node;
  // A parameter or header shows its own description, not its schema's: the schema's marks go there.
  const walk = (node: unknown, carriesSchema = false) => {
    if (Array.isArray(node)) {
      node.forEach((item) => walk(item));
      return;
    }
    if (!isNode(node)) return;
    const parameter = carriesSchema || typeof node.in === 'string';
    const marks = [
      ...Object.entries(marksOn(node)),
      ...(parameter ? Object.entries(marksOn(node.schema)) : []),
    ];
    if (marks.length > 0) node.description = appended(node.description, note(marks));
    for (const [key, child] of Object.entries(node)) {
      if (key === markKey || key === registryKey) continue;
      if (key === 'headers' && isNode(child)) Object.values(child).forEach((header) => walk(header, true));
      else walk(child);
    }
  };
  walk(noted);
  const info = noted.info as Node;
  info.description = appended(info.description, registry(assumptions));
  return noted as unknown as OpenAPIV3_1.Document;
}

/** `Kit assumption: maxLength (lengths); pattern (iso-codes).` */
function note(marks: readonly [string, string][]): string {
  const rules = marks.map(([keyword, id]) =>
    keyword === 'status' ? `that this status is answered (\`${id}\`)` : `\`${keyword}\` (\`${id}\`)`,
  );
  return `**Kit assumption**, not Kibo's published contract: ${rules.join('; ')}.`;
}

function registry(assumptions: readonly Assumption[]): string {
  const lines = assumptions.map(({ id, why }) => `- \`${id}\`: ${why}`);
  return `**The kit's assumptions** (each marked where it is stated; everything else is Kibo's published contract):\n\n${lines.join('\n')}`;
}

function appended(description: unknown, text: string): string {
  return typeof description === 'string' && description.trim() !== ''
    ? `${description.trimEnd()}\n\n${text}`
    : text;
}
