// The playground page: a stand-in Figma document drawn on a canvas, its layers panel, and the
// real built plugin (dist/code.js against the stand-in, dist/ui.html in a sandboxed iframe).
import { createMemoryClientStorage } from '../../figma-standin/client-storage.js';
import { clearPersistedClientStorage, createPersistentClientStorageAsync } from './persistent-client-storage.js';
import { renderLayersList } from './layers-list.js';
import { fitViewTransform, ImageBitmapCache, pageContentBounds, renderPage, type ViewTransform } from './render-scene.js';
import { addImageLayer, buildSampleDesign } from './sample-design.js';
import { hitTestNode, sceneSignature, snapshotPage, type SceneSnapshot } from './scene-snapshot.js';
import { relaunchButtonsFor } from './relaunch-buttons.js';
import { showToast, type NotifyShown } from './toasts.js';
import { createPluginHostAsync, type PluginHost } from './plugin-host.js';
import { TEAM_RELAY_URL_KEY } from '../../plugin/settings-store.js';
import { SHARED_NAMESPACE } from '../../plugin/shared-namespace.js';

interface PlaygroundConfig {
  relayUrl: string;
  token: string;
  /** Stored in the document as the team's relay (shared plugin data), when set. */
  documentRelayUrl?: string;
}

export interface PlaygroundApi {
  ready: boolean;
  snapshot(): SceneSnapshot;
  select(ids: string[]): void;
  /** The eye toggle of the layers panel. */
  setVisible(id: string, visible: boolean): void;
  openPluginAsync(): Promise<void>;
  /** What pressing the relaunch button for `command` does: (re)opens the plugin with figma.command = command. */
  relaunchAsync(command: string): Promise<void>;
  /** The commands of the relaunch buttons shown for the current selection. */
  relaunchCommands(): string[];
  /** figma.command of the current (or last) plugin run. */
  pluginCommand(): string;
  closePlugin(): void;
  isPluginOpen(): boolean;
  notifications: NotifyShown[];
  /** Date.now() of each scene change, with the number of nodes after it (for time-to-canvas). */
  sceneChanges: { at: number; nodeCount: number }[];
  /** Bytes of an image fill, base64, so tests can compare the screenshot with the placed image. */
  imageBytesBase64Async(hash: string): Promise<string>;
  /** Where a page point lands on screen (CSS pixels relative to the viewport). */
  pageToScreen(x: number, y: number): { x: number; y: number };
  /** Adds a PNG as an image layer, centred in `parentId` (default: the first frame), and selects it. */
  addPngLayerAsync(name: string, bytes: Uint8Array, parentId?: string): Promise<string>;
  /** Adds an empty frame to the right of the design; returns its id. */
  addFrame(name: string, width: number, height: number): string;
  /** What the plugin stored under `key` in figma.clientStorage (jobs, settings). */
  readClientStorageAsync(key: string): Promise<unknown>;
}

declare global {
  interface Window {
    __playground: PlaygroundApi;
    __PLAYGROUND_CONFIG__: PlaygroundConfig;
  }
}

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`playground page is missing #${id}`);
  return element as T;
};

async function fetchBytesAsync(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function pngSizeAsync(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

async function bootAsync(): Promise<void> {
  const config = window.__PLAYGROUND_CONFIG__;
  const canvas = byId<HTMLCanvasElement>('canvas');
  const stage = byId<HTMLElement>('stage');
  const layersList = byId<HTMLUListElement>('layers-list');
  const relaunchPanel = byId<HTMLElement>('relaunch-panel');
  const relaunchButtons = byId<HTMLElement>('relaunch-buttons');
  const toasts = byId<HTMLElement>('toasts');
  const notifications: NotifyShown[] = [];
  const sceneChanges: { at: number; nodeCount: number }[] = [];

  // ?theme=dark shows the plugin as Figma's dark theme does (its variables and figma-dark class).
  const theme = new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'light';
  const [themeCss, bottle, sneaker, photo] = await Promise.all([
    fetch(`/figma-theme.css?theme=${theme}`).then((response) => response.text()),
    fetchBytesAsync('/fixtures/bottle.png'),
    fetchBytesAsync('/fixtures/sneaker.png'),
    fetchBytesAsync('/fixtures/bottle-photo.png'),
  ]);
  const clientStorage = await createPersistentClientStorageAsync(createMemoryClientStorage(), window.localStorage);

  let redraw = () => {};
  const host: PluginHost = await createPluginHostAsync({
    clientStorage,
    themeCss,
    theme,
    panel: byId('plugin-host'),
    title: byId('plugin-title'),
    closedNote: byId('plugin-closed'),
    seedSettings: { relayUrl: config.relayUrl, token: config.token },
    onNotify(message, options) {
      notifications.push({ message, error: !!options.error, at: Date.now() });
      showToast(toasts, message, options);
    },
    onMainPost: () => checkForChanges(),
    onOpenChanged(open) {
      byId<HTMLButtonElement>('open-plugin').disabled = open;
      byId<HTMLButtonElement>('close-plugin').disabled = !open;
    },
  });
  const figmaApi = host.figma;
  buildSampleDesign(figmaApi, { bottle, sneaker, photo });

  let view: ViewTransform = { scale: 1, offsetX: 0, offsetY: 0 };
  const images = new ImageBitmapCache(figmaApi, () => scheduleRedraw());
  let redrawScheduled = false;
  const scheduleRedraw = () => {
    if (redrawScheduled) return;
    redrawScheduled = true;
    requestAnimationFrame(() => {
      redrawScheduled = false;
      redraw();
    });
  };
  redraw = () => {
    const page = figmaApi.currentPage;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    view = fitViewTransform(pageContentBounds(page), width, height);
    renderPage(canvas, page, view, images, page.selection);
    renderLayersList(layersList, page, ({ nodeId, shiftKey }) => selectFromClick(nodeId, shiftKey));
  };

  let lastRelaunchSignature = '';
  const showRelaunchButtons = () => {
    const buttons = relaunchButtonsFor(figmaApi.currentPage.selection);
    const signature = JSON.stringify(buttons);
    if (signature === lastRelaunchSignature) return;
    lastRelaunchSignature = signature;
    relaunchPanel.hidden = buttons.length === 0;
    relaunchButtons.replaceChildren(
      ...buttons.map((button) => {
        const element = document.createElement('button');
        element.type = 'button';
        element.textContent = button.name;
        element.title = button.description;
        element.dataset.command = button.command;
        element.addEventListener('click', () => void host.openAsync(button.command));
        return element;
      }),
    );
  };

  let lastSignature = '';
  const checkForChanges = () => {
    // Relaunch data is not in the scene signature, and reading it for the selection is cheap.
    showRelaunchButtons();
    // One walk of the page serves both the signature and the node count.
    const snapshot = snapshotPage(figmaApi.currentPage);
    const signature = sceneSignature(figmaApi.currentPage, snapshot);
    if (signature === lastSignature) return;
    lastSignature = signature;
    sceneChanges.push({ at: Date.now(), nodeCount: snapshot.nodes.length });
    if (sceneChanges.length > 500) sceneChanges.splice(0, 100);
    scheduleRedraw();
  };
  // Main's posts to the UI catch placements at once; this cheap poll catches everything else
  // (async work that ends without a message, edits from the console).
  setInterval(checkForChanges, 100);
  new ResizeObserver(() => scheduleRedraw()).observe(stage);

  const select = (ids: string[]) => {
    const nodes = ids
      .map((id) => figmaApi.currentPage.findOne((node) => node.id === id))
      .filter((node): node is SceneNode => node !== null);
    figmaApi.currentPage.selection = nodes;
    checkForChanges();
  };
  const selectFromClick = (nodeId: string, shiftKey: boolean) => {
    const current = figmaApi.currentPage.selection.map((node) => node.id);
    if (!shiftKey) select([nodeId]);
    else select(current.includes(nodeId) ? current.filter((id) => id !== nodeId) : [...current, nodeId]);
  };

  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - view.offsetX) / view.scale;
    const y = (event.clientY - rect.top - view.offsetY) / view.scale;
    const hit = hitTestNode(figmaApi.currentPage, x, y);
    if (hit) selectFromClick(hit.id, event.shiftKey);
    else if (!event.shiftKey) select([]);
  });

  const addPngLayerAsync = async (name: string, bytes: Uint8Array, parentId?: string): Promise<string> => {
    const size = await pngSizeAsync(bytes);
    // Dropped images land inside the first frame, scaled down to fit it, centred.
    const frame = figmaApi.currentPage.findOne(
      (node) => node.type === 'FRAME' && (parentId === undefined ? node.parent?.type === 'PAGE' : node.id === parentId),
    ) as FrameNode | null;
    const parent = frame ?? figmaApi.currentPage;
    const maxWidth = frame ? frame.width * 0.6 : size.width;
    const maxHeight = frame ? frame.height * 0.6 : size.height;
    const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
    const width = Math.round(size.width * scale);
    const height = Math.round(size.height * scale);
    const x = frame ? Math.round((frame.width - width) / 2) : 0;
    const y = frame ? Math.round((frame.height - height) / 2) : 0;
    const rect = addImageLayer(figmaApi, parent, { name, png: bytes, x, y, width, height });
    select([rect.id]);
    return rect.id;
  };
  const addFilesAsync = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      try {
        await addPngLayerAsync(file.name.replace(/\.png$/i, ''), new Uint8Array(await file.arrayBuffer()));
      } catch (error) {
        showToast(toasts, `Could not add ${file.name}: ${error instanceof Error ? error.message : String(error)}`, { error: true });
      }
    }
  };
  byId<HTMLInputElement>('add-png').addEventListener('change', (event) => {
    const input = event.currentTarget as HTMLInputElement;
    void addFilesAsync(input.files).then(() => {
      input.value = '';
    });
  });
  stage.addEventListener('dragover', (event) => {
    event.preventDefault();
    stage.classList.add('dragging');
  });
  stage.addEventListener('dragleave', () => stage.classList.remove('dragging'));
  stage.addEventListener('drop', (event) => {
    event.preventDefault();
    stage.classList.remove('dragging');
    void addFilesAsync(event.dataTransfer?.files ?? null);
  });

  byId('open-plugin').addEventListener('click', () => void host.openAsync());
  byId('close-plugin').addEventListener('click', () => host.close());
  byId('reset-playground').addEventListener('click', () => {
    host.close();
    // After the closing run's last writes have landed, so nothing of it survives the reload.
    setTimeout(() => {
      clearPersistedClientStorage(window.localStorage);
      window.location.reload();
    }, 100);
  });

  window.__playground = {
    ready: false,
    snapshot: () => snapshotPage(figmaApi.currentPage),
    select,
    setVisible(id, visible) {
      const node = figmaApi.currentPage.findOne((candidate) => candidate.id === id);
      if (!node) throw new Error(`no node ${id}`);
      node.visible = visible;
      checkForChanges();
    },
    openPluginAsync: () => host.openAsync(),
    relaunchAsync: (command) => host.openAsync(command),
    relaunchCommands: () => relaunchButtonsFor(figmaApi.currentPage.selection).map((button) => button.command),
    pluginCommand: () => host.command(),
    closePlugin: () => host.close(),
    isPluginOpen: () => host.isOpen(),
    notifications,
    sceneChanges,
    async imageBytesBase64Async(hash) {
      const image = figmaApi.getImageByHash(hash);
      if (!image) throw new Error(`no image ${hash}`);
      const bytes = await image.getBytesAsync();
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    pageToScreen(x, y) {
      const rect = canvas.getBoundingClientRect();
      return { x: rect.left + view.offsetX + x * view.scale, y: rect.top + view.offsetY + y * view.scale };
    },
    addPngLayerAsync,
    addFrame(name, width, height) {
      const right = Math.max(0, ...figmaApi.currentPage.children.map((node) => node.x + node.width));
      const frame = figmaApi.createFrame();
      frame.name = name;
      frame.resize(width, height);
      frame.x = right + 80;
      frame.y = 0;
      frame.fills = [{ type: 'SOLID', color: { r: 0.95, g: 0.95, b: 0.95 } }];
      checkForChanges();
      return frame.id;
    },
    readClientStorageAsync: (key) => clientStorage.getAsync(key),
  };

  if (config.documentRelayUrl) figmaApi.root.setSharedPluginData(SHARED_NAMESPACE, TEAM_RELAY_URL_KEY, config.documentRelayUrl);
  // Start with the bottle selected, as if the designer just clicked it.
  const bottleNode = figmaApi.currentPage.findOne((node) => node.name === 'Bottle');
  if (bottleNode) figmaApi.currentPage.selection = [bottleNode];
  checkForChanges();
  redraw();
  await host.openAsync();
  window.__playground.ready = true;
}

bootAsync().catch((error: unknown) => {
  console.error('playground failed to start', error);
  document.body.insertAdjacentHTML(
    'afterbegin',
    `<pre style="color:#b00;padding:12px;margin:0">Playground failed to start: ${String(error instanceof Error ? error.stack ?? error.message : error).replace(/</g, '&lt;')}</pre>`,
  );
});
