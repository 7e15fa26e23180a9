import { parse } from 'yaml';
import { shippedScenarioFiles } from './shipped-scenarios.gen.ts';

export interface ShippedScenario {
  readonly name: string;
  readonly description: string;
  /** The file's name in scenarios/, which errors name. */
  readonly file: string;
  readonly text: string;
}

let found: Map<string, ShippedScenario> | undefined;

/**
 * The ready-made scenarios: every YAML file of scenarios/ (bundled as data, so a browser has them
 * too), by its `name`. Only name and description are read here; parseScenario checks the whole
 * text when one is loaded.
 */
export function shippedScenarios(): ReadonlyMap<string, ShippedScenario> {
  found ??= new Map(
    shippedScenarioFiles.map(({ file, text }) => {
      const head = parse(text) as { name?: string; description?: string };
      const name = head.name ?? file.replace(/\.ya?ml$/, '');
      return [name, { name, description: (head.description ?? '').trim(), file, text }];
    }),
  );
  return found;
}
