/** The longest rendering of a value a message carries: enough to recognise it, not to flood a log. */
const maxLength = 80;

/** A value as a message shows it: JSON, cut short. Secrets are removed later, by the redactor. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    // undefined for functions and symbols, which no HTTP body holds; name their type instead.
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = typeof value === 'bigint' ? `${value}n` : 'an unserialisable value';
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
