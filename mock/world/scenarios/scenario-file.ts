import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import { parseScenario, type Scenario } from './scenario.ts';

/** The ready-made scenarios shipped in scenarios/, each documented in its `description`. */
export const scenariosDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

/**
 * Reads and checks a scenario file (YAML or JSON). Every problem is reported at once, each with
 * the file, the line and the path in the file, e.g.
 * `slow.yaml:14 faults[0].status: addAccounts does not declare 503; it declares 200, 400, …`.
 */
export function loadScenarioFile(path: string, plan: ApiPlan): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: cannot read the scenario (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { cause: error },
    );
  }
  return parseScenario(text, path, plan);
}

/**
 * A scenario named on a command line or in an option: a file, or the name of one shipped in
 * scenarios/ (`default`, `slow-and-flaky`, …) when no such file exists.
 */
export function resolveScenarioFile(value: string): string {
  const shipped = `${scenariosDir}${value}.yaml`;
  return !existsSync(value) && /^[a-z0-9-]+$/.test(value) && existsSync(shipped) ? shipped : value;
}
