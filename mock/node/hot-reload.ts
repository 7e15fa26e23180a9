import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { forgetDocument, loadDocument } from '../../openapi/load-document.ts';
import { planOf } from '../../openapi/operation-plan.ts';
import type { Scenario } from '../world/scenarios/scenario.ts';
import { loadScenarioFile } from '../world/scenarios/scenario-file.ts';
import { createNodeMock, type NodeMockOptions } from './create-node-mock.ts';
import type { RunningServer } from './server.ts';

export interface HotReloadOptions {
  readonly server: RunningServer;
  /** What the mock was started with; the documents are re-read from `document` / `adminDocument`. */
  readonly options: NodeMockOptions & { readonly document: string; readonly adminDocument: string };
  /** The scenario file, when the mock runs one. */
  readonly scenarioFile?: string;
  readonly log: (line: string) => void;
}

/**
 * `--watch`: an edit of either document or of the scenario file is loaded while the mock keeps
 * listening. An edit that changes nothing the mock reads (a comment, spacing) keeps the state;
 * a new document makes a new app, a new scenario a new world, and the log says what state is
 * gone. An edit that does not load (bad YAML, a rule broken) is printed and the previous
 * version keeps serving. Returns the function that stops watching.
 */
export function hotReload({ server, options, scenarioFile, log }: HotReloadOptions): () => void {
  const documents = [options.document, options.adminDocument].map((path) => resolve(path));
  const scenarioPath = scenarioFile === undefined ? undefined : resolve(scenarioFile);
  let forms = documents.map((path) => formsOf(server.mock, path, documents));
  let scenario: Scenario | undefined = options.scenario;
  let queue = Promise.resolve();

  const reload = async (changed: string) => {
    const name = basename(changed);
    try {
      if (documents.includes(changed)) {
        for (const path of documents) forgetDocument(path);
        const loaded = await Promise.all(documents.map((path) => loadDocument(path)));
        const next = loaded.map((doc) => JSON.stringify(doc.document));
        if (next.every((text, i) => text === forms[i])) {
          log(`watch: ${name} changed, but not what the mock serves; state kept`);
          return;
        }
        const plan = planOf(loaded[0] ?? (await loadDocument(documents[0])));
        // The scenario is checked against the new document too: its faults name its operations.
        const nextScenario = scenarioPath === undefined ? scenario : loadScenarioFile(scenarioPath, plan);
        server.replace(await createNodeMock({ ...options, scenario: nextScenario }));
        scenario = nextScenario;
        forms = next;
        // Access tokens are JWTs checked by signature, and the signing key comes from the config,
        // not the document: they outlive the app. Refresh tokens are the old app's memory.
        log(
          `watch: ${name} reloaded; a new document makes a new app: created accounts and refresh tokens are gone, access tokens stay valid`,
        );
      } else if (changed === scenarioPath) {
        const next = loadScenarioFile(scenarioPath, server.mock.plan);
        if (JSON.stringify(next) === JSON.stringify(scenario)) {
          log(`watch: ${name} changed, but not the scenario; state kept`);
          return;
        }
        server.mock.loadScenario(next);
        scenario = next;
        log(
          `watch: ${name} reloaded: scenario ${next.name}; its tenants start afresh (created accounts are gone)`,
        );
      }
    } catch (error) {
      log(`watch: ${name} was not loaded; still serving the previous version:\n${(error as Error).message}`);
    }
  };

  // Editors replace files rather than write them in place, so folders are watched, not files;
  // bursts of events for one save are let settle for 100 ms.
  const files = [...documents, ...(scenarioPath ? [scenarioPath] : [])];
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [...new Set(files.map((file) => dirname(file)))].map((dir) =>
    watch(dir, (_event, filename) => {
      const changed = filename === null ? undefined : resolve(dir, filename.toString());
      if (changed === undefined || !files.includes(changed)) return;
      clearTimeout(timers.get(changed));
      timers.set(
        changed,
        setTimeout(() => {
          queue = queue.then(() => reload(changed));
        }, 100),
      );
    }),
  );
  log(`watch: reloading on changes to ${files.map((file) => basename(file)).join(', ')}`);
  return () => {
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}

function formsOf(mock: RunningServer['mock'], path: string, documents: readonly string[]): string {
  const plan = path === documents[0] ? mock.plan : mock.adminPlan;
  return JSON.stringify(plan.loaded.document);
}
