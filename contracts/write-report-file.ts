import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Writes a report (JUnit, JSON) where CI asked for it, making its folder when needed. */
export function writeReportFile(path: string, text: string): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
