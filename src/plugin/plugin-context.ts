// What every request handler may use: the figma API, the job store, undo grouping, a clock and
// the event emitter. Passed in (never global) so tests run several sessions side by side.
import type { MainDispatcher } from '../protocol/main-dispatcher';
import type { JobStore } from './job-store';
import type { UndoGrouping } from './undo-grouping';

export interface PluginContext {
  api: PluginAPI;
  jobs: JobStore;
  undo: UndoGrouping;
  now: () => number;
  /** figma.command at launch: 'open', 'regenerate' or ''. */
  command: string;
  emit: MainDispatcher['emit'];
}
