/** How many skipped records a store remembers having logged: past it the oldest may be logged again. */
const remembered = 1000;

/**
 * A log line said once per key (a record a store skips at every read would otherwise fill the
 * log), remembering at most `remembered` keys: a store holding more bad records than that may
 * repeat a line, but the set of keys never grows with the traffic that reads them.
 */
export function saidOnce(log: ((line: string) => void) | undefined): (key: string, line: string) => void {
  const said = new Set<string>();
  return (key, line) => {
    if (said.has(key)) return;
    said.add(key);
    if (said.size > remembered) said.delete(said.values().next().value as string);
    log?.(line);
  };
}
