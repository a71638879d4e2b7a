// A stand-in for the part of the `figma` plugin API Backdrop uses, run with "dynamic-page" document
// access. Tests and the browser playground host the real plugin code on it; see README.md beside this file.

import { base64ToBytes, bytesToBase64 } from '../contract/png-header.js';
import { type StandinClientStorage, createMemoryClientStorage } from './client-storage.js';
import type { DocumentColorProfile } from './color-profile.js';
import { type ExportDeps, exportNodePngAsync, renderNodesToRgbaAsync } from './export-node.js';
import type { ImageCodec, RgbaImage } from './image-codec.js';
import { ImageStore, type StoredImage } from './image-store.js';
import { combineAsVariants, groupNodes } from './grouping.js';
import { layerAtPoint } from './layer-at-point.js';
import { createPluginEvents } from './plugin-events.js';
import { type StandinUi, createStandinUi } from './standin-ui.js';
import { type StandinUndo, createUndoJournal } from './undo-journal.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { ComponentNodeImpl } from './component-node.js';
import { DocumentNodeImpl } from './document-node.js';
import { FrameLikeNodeImpl } from './frame-node.js';
import { PageNodeImpl } from './page-node.js';
import type { SceneNodeImpl } from './scene-node.js';
import { SectionNodeImpl } from './section-node.js';
import { ShapeNodeImpl } from './shape-node.js';
import { SliceNodeImpl } from './slice-node.js';
import { insertNode } from './tree-ops.js';
import { isPage } from './node-kinds.js';
import { unionBoxes } from './affine.js';

export { createMemoryClientStorage, type StandinClientStorage } from './client-storage.js';

export interface FigmaStandinOptions {
  codec: ImageCodec;
  /** Pass the storage of an earlier stand-in to simulate the plugin running again. */
  clientStorage?: StandinClientStorage;
  now?: () => number;
  /** figma.command: the menu command the plugin was started with ('' when none). */
  command?: string;
  onShowUI?: (html: string, options: ShowUIOptions) => void;
  onNotify?: (message: string, options: NotificationOptions | undefined) => void;
  /** Names of the document's pages; the first is current and loaded. Default ['Page 1']. */
  pageNames?: string[];
  /** figma.pluginId (the manifest id). Default 'backdrop-standin'. */
  pluginId?: string;
  /** DocumentNode.documentColorProfile; fills are read in this space. Default 'SRGB'. */
  documentColorProfile?: DocumentColorProfile;
}

interface RenderPageOptions {
  scale?: number;
  /** Page-coordinate region to draw; default: the union of the page's visible layers. */
  region?: Rect;
  /** Draw the page background colour under the layers. Default true. */
  background?: boolean;
}

export interface FigmaStandin {
  figma: PluginAPI;
  ui: StandinUi;
  notifications: string[];
  notificationLog: { message: string; options: NotificationOptions | undefined; at: number }[];
  undo: StandinUndo;
  /** figma.viewport.scrollAndZoomIntoView calls, each a list of node ids. */
  viewportCalls: string[][];
  clientStorage: StandinClientStorage;
  /** Runs figma.on('close') handlers, as when the designer closes the plugin. */
  close(): void;
  readonly closed: boolean;
  /** The text passed to figma.closePlugin, if any. */
  readonly closeMessage: string | undefined;
  /**
   * Changes figma.pluginId on the same document, as when a plugin imported with a placeholder id
   * is published under the ID Figma assigns: private plugin data written before is not visible.
   */
  setPluginId(id: string): void;
  /** Fires figma.on('run'), as Figma does right after launch (command: this run's figma.command). */
  run(parameters?: Record<string, unknown>, command?: string): void;
  createPage(name: string): PageNode;
  /** The designer switching pages in the editor (loads it; fires currentpagechange). */
  showPageAsUser(page: PageNode): void;
  /** The designer selecting layers on the current page (fires selectionchange). */
  selectAsUser(nodes: readonly SceneNode[]): void;
  /** Resolves after queued events (selectionchange, messages) have been delivered. */
  flushAsync(): Promise<void>;
  isPageLoaded(page: PageNode): boolean;
  /** Called (once per burst, asynchronously) after any change to the document, undo included. */
  onDocumentChange(cb: () => void): () => void;
  /**
   * The layer a click at page point (x, y) selects, as in the editor: the deepest visible layer
   * under the point, with groups and instances selected as a whole. Null on empty canvas.
   */
  layerAtPoint(page: PageNode, x: number, y: number): SceneNode | null;
  /** Draws a page (or part of it) into straight RGBA, for the playground canvas. */
  renderPageAsync(page: PageNode, options?: RenderPageOptions): Promise<{ image: RgbaImage; region: Rect; scale: number }>;
}

export function createFigmaStandin(options: FigmaStandinOptions): FigmaStandin {
  const codec = options.codec;
  const now = options.now ?? (() => Date.now());
  const storage = options.clientStorage ?? createMemoryClientStorage();
  const images = new ImageStore();
  const decoded = new Map<string, Promise<RgbaImage>>();
  const loadedPages = new Set<PageNodeImpl>();

  // A reverted step may remove selected nodes; the editor drops them from the selection.
  const journal = createUndoJournal(() => {
    for (const page of documentNode._kids as PageNodeImpl[]) page._dropFromSelection();
    queueDocumentChange();
  });

  const events = createPluginEvents();
  const { emit, queueSelectionChange, queueDocumentChange } = events;

  let nodeCounter = 1;
  let pageCounter = 0;
  let pluginId = options.pluginId ?? 'backdrop-standin';
  const ctx: SceneContext = {
    nextId: () => `1:${(nodeCounter += 1)}`,
    record: (revert) => {
      journal.record(revert);
      queueDocumentChange();
    },
    images,
    selectionChanged: (page) => {
      if (page === currentPage) queueSelectionChange();
    },
    isLoaded: (page) => loadedPages.has(page),
    markLoaded: (page) => {
      loadedPages.add(page);
    },
    currentPage: () => currentPage,
    pluginId: () => pluginId,
    exportAsync: (node, settings) => exportNodePngAsync(node, settings, exportDeps),
  };
  const decodeImageAsync = (hash: string): Promise<RgbaImage> => {
    let pending = decoded.get(hash);
    if (!pending) {
      const stored = images.get(hash);
      if (!stored) return Promise.reject(new Error(`No image with hash ${hash}`));
      pending = codec.decodeAsync(stored.bytes);
      decoded.set(hash, pending);
      pending.catch(() => decoded.delete(hash));
    }
    return pending;
  };
  const exportDeps: ExportDeps = { codec, decodeImageAsync, documentColorProfile: options.documentColorProfile ?? 'SRGB' };

  const documentNode = new DocumentNodeImpl(ctx, exportDeps.documentColorProfile);
  const addPage = (name: string): PageNodeImpl => {
    pageCounter += 1;
    const page = new PageNodeImpl(ctx, `0:${pageCounter}`, name);
    journal.unrecorded(() => insertNode(documentNode, documentNode._kids?.length ?? 0, page));
    return page;
  };
  const pageNames = options.pageNames && options.pageNames.length > 0 ? options.pageNames : ['Page 1'];
  for (const name of pageNames) addPage(name);
  let currentPage = (documentNode._kids as PageNodeImpl[])[0] as PageNodeImpl;
  loadedPages.add(currentPage);

  const switchPage = (page: PageNodeImpl): void => {
    if (!isPage(page) || page._removed) throw new Error('setCurrentPageAsync: expected a page of this document');
    loadedPages.add(page);
    if (page === currentPage) return;
    const selectionDiffers = page._selection.length > 0 || currentPage._selection.length > 0;
    currentPage = page;
    queueMicrotask(() => emit('currentpagechange'));
    if (selectionDiffers) queueSelectionChange();
  };

  const createOnCurrentPage = <T extends SceneNodeImpl>(node: T): T => {
    insertNode(currentPage, currentPage._kids?.length ?? 0, node);
    return node;
  };

  const imageHandle = (stored: StoredImage): Image =>
    ({
      hash: stored.hash,
      getBytesAsync: () => Promise.resolve(new Uint8Array(stored.bytes)),
      getSizeAsync: () => Promise.resolve({ width: stored.width, height: stored.height }),
    }) as Image;

  const findById = (id: string): BaseNodeImpl | null => {
    if (id === documentNode.id) return documentNode;
    for (const n of documentNode._descendants()) if (n.id === id) return n;
    return null;
  };

  // UI channel.
  const ui = createStandinUi(options.onShowUI);
  const notifications: string[] = [];
  const notificationLog: { message: string; options: NotificationOptions | undefined; at: number }[] = [];
  const viewportCalls: string[][] = [];
  let closed = false;
  let closeMessage: string | undefined;

  const closeOnce = (): void => {
    if (closed) return;
    closed = true;
    ui.close();
    journal.closeOpenStep();
    emit('close');
  };

  const mixed = Symbol('figma.mixed');
  const figma = {
    apiVersion: '1.0.0',
    get command() {
      return options.command ?? '';
    },
    editorType: 'figma',
    mode: 'default',
    get pluginId() {
      return pluginId;
    },
    mixed,
    skipInvisibleInstanceChildren: false,
    get root() {
      return documentNode;
    },
    get currentPage() {
      return currentPage;
    },
    set currentPage(_page: PageNodeImpl) {
      throw new Error('Cannot set currentPage with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.');
    },
    setCurrentPageAsync(page: PageNodeImpl): Promise<void> {
      return Promise.resolve().then(() => switchPage(page));
    },
    loadAllPagesAsync(): Promise<void> {
      return Promise.resolve().then(() => {
        for (const p of documentNode._kids as PageNodeImpl[]) loadedPages.add(p);
      });
    },
    getNodeById(): never {
      throw new Error('Cannot call getNodeById with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.');
    },
    getNodeByIdAsync(id: string): Promise<BaseNodeImpl | null> {
      return Promise.resolve().then(() => {
        if (typeof id !== 'string') throw new Error('getNodeByIdAsync: id must be a string');
        const node = findById(id);
        return node && !node._removed ? node : null;
      });
    },
    on: events.on,
    once: events.once,
    off: events.off,
    createPage(): PageNodeImpl {
      const page = addPage(`Page ${(documentNode._kids?.length ?? 0) + 1}`);
      loadedPages.add(page);
      return page;
    },
    createFrame: () => createOnCurrentPage(new FrameLikeNodeImpl(ctx, ctx.nextId(), 'Frame', 'FRAME')),
    createComponent: () => createOnCurrentPage(new ComponentNodeImpl(ctx, ctx.nextId(), 'Component')),
    createRectangle: () => createOnCurrentPage(new ShapeNodeImpl(ctx, ctx.nextId(), 'Rectangle', 'RECTANGLE')),
    createEllipse: () => createOnCurrentPage(new ShapeNodeImpl(ctx, ctx.nextId(), 'Ellipse', 'ELLIPSE')),
    createSection: () => createOnCurrentPage(new SectionNodeImpl(ctx, ctx.nextId(), 'Section')),
    createSlice: () => createOnCurrentPage(new SliceNodeImpl(ctx, ctx.nextId(), 'Slice')),
    group: (nodes: readonly SceneNodeImpl[], parent: BaseNodeImpl, index?: number) => groupNodes(ctx, nodes, parent, index, documentNode),
    combineAsVariants: (components: readonly ComponentNodeImpl[], parent: BaseNodeImpl, index?: number) =>
      combineAsVariants(ctx, components, parent, index),
    createImage(bytes: Uint8Array): Image {
      return imageHandle(images.add(bytes));
    },
    getImageByHash(hash: string): Image | null {
      const stored = images.get(hash);
      return stored ? imageHandle(stored) : null;
    },
    base64Encode: (bytes: Uint8Array) => bytesToBase64(bytes),
    base64Decode: (text: string) => base64ToBytes(text),
    notify(message: string, opts?: NotificationOptions): NotificationHandler {
      if (typeof message !== 'string') throw new Error('notify: message must be a string');
      notifications.push(message);
      notificationLog.push({ message, options: opts, at: now() });
      options.onNotify?.(message, opts);
      return { cancel: () => undefined };
    },
    commitUndo(): void {
      journal.commit();
    },
    triggerUndo(): void {
      journal.revertOpenStep();
    },
    showUI: ui.showUI,
    ui: ui.figmaUi,
    clientStorage: {
      getAsync: (key: string) => storage.getAsync(key),
      setAsync: (key: string, value: unknown) => storage.setAsync(key, value),
      deleteAsync: (key: string) => storage.deleteAsync(key),
      keysAsync: () => storage.keysAsync(),
    },
    viewport: {
      center: { x: 0, y: 0 },
      zoom: 1,
      scrollAndZoomIntoView(nodes: readonly BaseNodeImpl[]) {
        viewportCalls.push(nodes.map((n) => n.id));
      },
    },
    closePlugin(message?: string) {
      if (message) figma.notify(message);
      closeMessage = message;
      closeOnce();
    },
    currentUser: null,
    fileKey: undefined,
  };

  const standin: FigmaStandin = {
    figma: figma as unknown as PluginAPI,
    ui: ui.ui,
    notifications,
    notificationLog,
    undo: journal,
    viewportCalls,
    clientStorage: storage,
    close: closeOnce,
    get closed() {
      return closed;
    },
    setPluginId(id: string) {
      pluginId = id;
    },
    get closeMessage() {
      return closeMessage;
    },
    run(parameters, command) {
      queueMicrotask(() => emit('run', { command: command ?? options.command ?? '', parameters }));
    },
    createPage(name: string) {
      const page = addPage(name);
      return page as unknown as PageNode;
    },
    showPageAsUser(page) {
      switchPage(page as unknown as PageNodeImpl);
    },
    selectAsUser(nodes) {
      currentPage.selection = nodes as unknown as SceneNodeImpl[];
    },
    flushAsync: () => new Promise((resolve) => setTimeout(resolve, 0)),
    isPageLoaded: (page) => loadedPages.has(page as unknown as PageNodeImpl),
    onDocumentChange: events.onDocumentChange,
    layerAtPoint(page, x, y) {
      return layerAtPoint(page as unknown as PageNodeImpl, x, y) as unknown as SceneNode | null;
    },
    async renderPageAsync(page, renderOptions = {}) {
      const p = page as unknown as PageNodeImpl;
      const layers = (p._kids ?? []) as SceneNodeImpl[];
      const region =
        renderOptions.region ??
        unionBoxes(layers.filter((l) => l._visible).map((l) => l._renderBox()).filter((b): b is Rect => b !== null)) ?? {
          x: 0,
          y: 0,
          width: 1,
          height: 1,
        };
      const scale = renderOptions.scale ?? 1;
      const background = renderOptions.background === false ? null : p._backgrounds;
      const image = await renderNodesToRgbaAsync(layers, region, scale, exportDeps, background);
      return { image, region, scale };
    },
  };
  return standin;
}
