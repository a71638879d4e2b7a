// Runs the built plugin in the page the way Figma runs it: one document that outlives plugin
// runs, and per run a fresh `figma` global (its own event handlers, UI channel and close), so
// closing the plugin silences the old run and reopening starts dist/code.js from scratch.
import { createFigmaStandin, type FigmaStandin, type StandinClientStorage } from '../../figma-standin/index.js';
import { createCanvasCodec } from '../../figma-standin/codec-canvas.js';
import { createFigmaUiBridge } from '../../figma-standin/figma-ui-bridge.js';
import { SETTINGS_STORAGE_KEY } from '../../plugin/settings-store.js';
import { createPluginFrame, type FigmaTheme, type PluginFrame } from './plugin-frame.js';
import { networkAccessPolicy, withNetworkAccessPolicy, type NetworkAccess } from './network-access-policy.js';

type Listener = (...args: unknown[]) => unknown;

export interface PluginHostOptions {
  clientStorage: StandinClientStorage;
  themeCss: string;
  theme?: FigmaTheme;
  panel: HTMLElement;
  title: HTMLElement;
  closedNote: HTMLElement;
  /** Written into the plugin's settings on first run, so the relay URL and token are prefilled. */
  seedSettings: { relayUrl: string; token: string };
  onNotify(message: string, options: { error?: boolean; timeout?: number }): void;
  /** After every message main posts to the UI (placements end with one), to redraw promptly. */
  onMainPost(): void;
  onOpenChanged(open: boolean): void;
}

export interface PluginHost {
  /** The document's API (for the page itself: building the design, selecting, drawing). */
  figma: PluginAPI;
  standin: FigmaStandin;
  /**
   * Starts a run with `figma.command` set to `command` ('' for a plain open, 'regenerate' for the
   * relaunch button). A plain open while the plugin runs does nothing; a relaunch closes the
   * running plugin first, as Figma does when a relaunch button is pressed.
   */
  openAsync(command?: string): Promise<void>;
  close(): void;
  isOpen(): boolean;
  /** figma.command of the current (or last) run. */
  command(): string;
}

interface PluginRun {
  command: string;
  closed: boolean;
  frame: PluginFrame | null;
  closeHandlers: Listener[];
  close(): void;
}

export async function createPluginHostAsync(options: PluginHostOptions): Promise<PluginHost> {
  const standin = createFigmaStandin({
    codec: createCanvasCodec(),
    clientStorage: options.clientStorage,
    onNotify: (message, notifyOptions) => options.onNotify(message, { error: notifyOptions?.error, timeout: notifyOptions?.timeout }),
  });
  const documentApi = standin.figma;
  let current: PluginRun | null = null;
  let runCount = 0;

  const seedSettingsOnFirstRunAsync = async () => {
    const saved = await options.clientStorage.getAsync(SETTINGS_STORAGE_KEY);
    if (saved === undefined) await options.clientStorage.setAsync(SETTINGS_STORAGE_KEY, { ...options.seedSettings });
  };

  /** The `figma` global one plugin run sees: the shared document plus this run's own events and UI. */
  const createRunApi = (run: PluginRun): PluginAPI => {
    const wrapped = new Map<Listener, Listener>();
    const guard = (cb: Listener): Listener => {
      let guarded = wrapped.get(cb);
      if (!guarded) {
        guarded = (...args) => (run.closed ? undefined : cb(...args));
        wrapped.set(cb, guarded);
      }
      return guarded;
    };
    let shown = false;
    const { ui, deliverFromUi } = createFigmaUiBridge({
      postMessage(message: unknown) {
        if (run.closed || !run.frame) return;
        run.frame.postToUi(message);
        queueMicrotask(options.onMainPost);
      },
      show() {},
      hide() {},
      resize(width: number, height: number) {
        run.frame?.resize(Math.round(width), Math.round(height));
      },
      reposition() {},
      close() {
        run.close();
      },
    });
    const own: Record<string, unknown> = {
      command: run.command,
      ui,
      showUI(html: string, showOptions?: ShowUIOptions) {
        if (shown) throw new Error('showUI: the plugin UI is already shown; call it once');
        shown = true;
        if (showOptions?.title) options.title.textContent = showOptions.title;
        run.frame = createPluginFrame(options.panel, {
          html,
          width: showOptions?.width ?? 300,
          height: showOptions?.height ?? 200,
          themeCss: options.themeCss,
          theme: options.theme,
          onUiMessage: (message) =>
            queueMicrotask(() => {
              if (!run.closed) deliverFromUi(message);
            }),
        });
      },
      on(type: string, cb: Listener) {
        if (type === 'close') run.closeHandlers.push(cb);
        else documentApi.on(type as 'selectionchange', guard(cb) as () => void);
      },
      once(type: string, cb: Listener) {
        if (type === 'close') run.closeHandlers.push(cb);
        else documentApi.once(type as 'selectionchange', guard(cb) as () => void);
      },
      off(type: string, cb: Listener) {
        if (type === 'close') run.closeHandlers = run.closeHandlers.filter((handler) => handler !== cb);
        else documentApi.off(type as 'selectionchange', guard(cb) as () => void);
      },
      closePlugin(message?: string) {
        if (message) documentApi.notify(message);
        run.close();
      },
    };
    return new Proxy(documentApi, {
      get: (target, property, receiver) =>
        typeof property === 'string' && property in own ? own[property] : Reflect.get(target, property, receiver),
    });
  };

  const close = () => current?.close();

  const openAsync = async (command = '') => {
    if (current && !current.closed) {
      if (command === '') return;
      current.close();
    }
    await seedSettingsOnFirstRunAsync();
    const [uiHtml, code, manifest] = await Promise.all([
      fetch('/plugin/ui.html').then((response) => response.text()),
      fetch('/plugin/code.js').then((response) => response.text()),
      fetch('/plugin/manifest.json').then((response) => response.json() as Promise<{ networkAccess?: NetworkAccess }>),
    ]);
    const html = withNetworkAccessPolicy(uiHtml, networkAccessPolicy(manifest.networkAccess));
    const run: PluginRun = {
      command,
      closed: false,
      frame: null,
      closeHandlers: [],
      close() {
        if (run.closed) return;
        run.closed = true;
        for (const handler of run.closeHandlers) {
          try {
            handler();
          } catch (error) {
            console.warn('plugin close handler threw', error);
          }
        }
        run.frame?.remove();
        run.frame = null;
        options.closedNote.hidden = false;
        options.onOpenChanged(false);
      },
    };
    current = run;
    runCount += 1;
    options.closedNote.hidden = true;
    // The globals Figma gives the plugin's main thread.
    const pluginGlobals = globalThis as unknown as { figma: PluginAPI; __html__: string };
    pluginGlobals.figma = createRunApi(run);
    pluginGlobals.__html__ = html;
    // dist/code.js runs as Figma runs it: a classic script against the `figma` and `__html__` globals.
    const script = document.createElement('script');
    script.textContent = `${code}\n//# sourceURL=plugin-code-run-${runCount}.js`;
    document.head.append(script);
    script.remove();
    options.onOpenChanged(true);
    standin.run(undefined, command);
  };

  return {
    figma: documentApi,
    standin,
    openAsync,
    close,
    isOpen: () => !!current && !current.closed,
    command: () => current?.command ?? '',
  };
}
