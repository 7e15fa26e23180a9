import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseConfig, type MockConfig } from './config.ts';

/**
 * Reads a JSON (or .yaml/.yml) file and returns it merged over the embedded defaults: settings the
 * file leaves out keep their default, and a `clients` list replaces the default clients.
 */
export function loadConfigFile(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code})`,
      {
        cause: error,
      },
    );
  }
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseConfig(value, path);
}
