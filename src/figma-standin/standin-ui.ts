// The plugin UI as the stand-in models it: figma.showUI (once), figma.ui (postMessage, show,
// hide, resize, close) and the test or playground side that plays the iframe. Messages both
// ways are copied with Figma's rules (plain-data.ts) and delivered asynchronously; what main
// posts before the UI listens is queued.

import { type FigmaUiBridge, createFigmaUiBridge } from './figma-ui-bridge.js';
import { clonePlainData } from './plain-data.js';

export interface StandinUi {
  /** What the UI sends with parent.postMessage({ pluginMessage }): delivered to figma.ui.onmessage. */
  postFromUi(message: unknown): void;
  /** Receives figma.ui.postMessage values; messages posted before the first listener are queued. */
  onMainPost(cb: (message: unknown) => void): () => void;
  readonly shown: boolean;
  readonly visible: boolean;
  readonly html: string | null;
  readonly options: ShowUIOptions | null;
  readonly size: { width: number; height: number };
  readonly closed: boolean;
}

/** The half of figma.ui that main calls to reach the UI. */
interface FigmaUiSendSide {
  postMessage(message: unknown): void;
  show(): void;
  hide(): void;
  resize(width: number, height: number): void;
  reposition(): void;
  close(): void;
}

export interface StandinUiHost {
  /** figma.showUI. */
  showUI(html: string, opts?: ShowUIOptions): void;
  /** figma.ui. */
  figmaUi: FigmaUiBridge<FigmaUiSendSide>['ui'];
  /** The iframe's side, for tests and the playground. */
  ui: StandinUi;
  /** The plugin closed: nothing more is sent either way. */
  close(): void;
}

export function createStandinUi(onShowUI?: (html: string, options: ShowUIOptions) => void): StandinUiHost {
  const mainPostListeners: ((message: unknown) => void)[] = [];
  const queuedForUi: unknown[] = [];
  const state = { shown: false, visible: false, closed: false, size: { width: 100, height: 100 } };
  let html: string | null = null;
  let options: ShowUIOptions | null = null;

  const deliverToUi = (message: unknown): void => {
    for (const cb of [...mainPostListeners]) cb(clonePlainData(message));
  };
  const bridge = createFigmaUiBridge<FigmaUiSendSide>({
    postMessage(message) {
      if (state.closed) return;
      const copy = clonePlainData(message, 'pluginMessage');
      if (mainPostListeners.length === 0) queuedForUi.push(copy);
      else queueMicrotask(() => deliverToUi(copy));
    },
    show() {
      state.visible = true;
    },
    hide() {
      state.visible = false;
    },
    resize(width, height) {
      if (!Number.isFinite(width) || !Number.isFinite(height)) throw new Error('ui.resize: width and height must be numbers');
      state.size = { width: Math.round(width), height: Math.round(height) };
    },
    reposition() {},
    close() {
      state.closed = true;
    },
  });

  return {
    showUI(uiHtml, opts) {
      if (state.shown) throw new Error('showUI: the plugin UI is already shown; call it once');
      state.shown = true;
      state.visible = opts?.visible !== false;
      html = uiHtml;
      options = opts ?? {};
      state.size = { width: opts?.width ?? 300, height: opts?.height ?? 200 };
      onShowUI?.(uiHtml, options);
    },
    figmaUi: bridge.ui,
    close() {
      state.closed = true;
    },
    ui: {
      postFromUi(message: unknown) {
        if (state.closed) return;
        const copy = clonePlainData(message, 'pluginMessage');
        queueMicrotask(() => bridge.deliverFromUi(copy));
      },
      onMainPost(cb) {
        mainPostListeners.push(cb);
        if (queuedForUi.length > 0) {
          const backlog = queuedForUi.splice(0);
          queueMicrotask(() => {
            for (const m of backlog) cb(m);
          });
        }
        return () => {
          const i = mainPostListeners.indexOf(cb);
          if (i >= 0) mainPostListeners.splice(i, 1);
        };
      },
      get shown() {
        return state.shown;
      },
      get visible() {
        return state.visible && !state.closed;
      },
      get html() {
        return html;
      },
      get options() {
        return options;
      },
      get size() {
        return state.size;
      },
      get closed() {
        return state.closed;
      },
    },
  };
}
