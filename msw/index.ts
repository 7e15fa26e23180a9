// The package's msw entry (`kibo-accounts-mock/msw`): the mock as request handlers, for Vitest,
// Jest, Storybook and the browser (msw is a peer dependency).
export {
  createKiboHandlers,
  type HandlersJournal,
  type KiboHandlers,
  type KiboHandlersOptions,
} from './create-kibo-handlers.ts';
export type { JournalEntry, JournalFilter } from '../mock/journal/journal.ts';
export type { Scenario } from '../mock/world/scenarios/scenario.ts';
