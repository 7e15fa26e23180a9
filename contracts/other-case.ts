/** Upper-cases the part before any `@`, so the value differs only in case (and stays a valid email). */
export function upperLocalPart(value: string): string {
  const at = value.indexOf('@');
  return at < 0 ? value.toUpperCase() : value.slice(0, at).toUpperCase() + value.slice(at);
}
