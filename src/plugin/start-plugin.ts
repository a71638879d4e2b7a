// Wires a plugin session to a figma API: dispatcher, handlers, selection/page events, and job
// restore on start. main.ts calls it with the real `figma`; tests call it with the stand-in.
import { createMainDispatcher } from '../protocol/main-dispatcher';
import type { MainDispatcher } from '../protocol/main-dispatcher';
import { describeSelection } from './describe-selection';
import { createRequestHandlers } from './handlers/index';
import { createJobStore } from './job-store';
import type { JobStore } from './job-store';
import type { PluginContext } from './plugin-context';
import { createUndoGrouping } from './undo-grouping';

export interface PluginSession {
  dispatcher: MainDispatcher;
  jobs: JobStore;
  /** Resolves once stored jobs were restored (and expired ones marked). */
  ready: Promise<void>;
}

export function startPlugin(api: PluginAPI, options: { now?: () => number } = {}): PluginSession {
  const now = options.now || (() => Date.now());
  const jobs = createJobStore(api.clientStorage, now);
  const holder: { dispatcher: MainDispatcher | null } = { dispatcher: null };
  const context: PluginContext = {
    api,
    jobs,
    undo: createUndoGrouping(api),
    now,
    command: api.command || '',
    emit: (name, payload) => {
      if (holder.dispatcher) holder.dispatcher.emit(name, payload);
    },
  };
  const dispatcher = createMainDispatcher(createRequestHandlers(context), (message) => api.ui.postMessage(message));
  holder.dispatcher = dispatcher;
  api.ui.onmessage = (message: unknown) => {
    void dispatcher.dispatchAsync(message);
  };
  const reportSelection = () => dispatcher.emit('selectionChanged', describeSelection(api));
  api.on('selectionchange', reportSelection);
  api.on('currentpagechange', reportSelection);
  const ready = jobs.loadAsync().then(
    (restored) => dispatcher.emit('jobsChanged', { jobs: restored }),
    (error) => console.warn('backdrop: could not restore jobs: ' + String(error)),
  );
  return { dispatcher, jobs, ready };
}
