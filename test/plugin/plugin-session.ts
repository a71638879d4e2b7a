// Test harness: a stand-in figma document running the real plugin session, with a UI channel
// speaking the protocol over the stand-in's message transport.
import sharp from 'sharp';
import { createFigmaStandin } from '../../src/figma-standin/index';
import type { FigmaStandin, StandinClientStorage } from '../../src/figma-standin/index';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp';
import { startPlugin } from '../../src/plugin/start-plugin';
import type { PluginSession } from '../../src/plugin/start-plugin';
import { createUiChannel, type UiChannel } from '../../src/protocol/ui-channel';
import type { EventName, EventPayload } from '../../src/protocol/message-types';
import type { JobRecord } from '../../src/protocol/shapes';

export interface TestSession {
  standin: FigmaStandin;
  figma: PluginAPI;
  channel: UiChannel;
  plugin: PluginSession;
  events: { name: EventName; payload: EventPayload<EventName> }[];
  clock: { now: number };
}

export interface SessionOptions {
  clientStorage?: StandinClientStorage;
  command?: string;
  now?: number;
  pageNames?: string[];
  documentColorProfile?: 'LEGACY' | 'SRGB' | 'DISPLAY_P3';
  /** Build the document before the plugin starts. */
  build?: (figma: PluginAPI, standin: FigmaStandin) => void | Promise<void>;
}

export async function openSessionAsync(options: SessionOptions = {}): Promise<TestSession> {
  const clock = { now: options.now ?? Date.UTC(2025, 0, 10, 12) };
  const standin = createFigmaStandin({
    codec: createSharpCodec(),
    clientStorage: options.clientStorage,
    command: options.command ?? '',
    now: () => clock.now,
    pageNames: options.pageNames,
    documentColorProfile: options.documentColorProfile,
  });
  if (options.build) await options.build(standin.figma, standin);
  const plugin = startPlugin(standin.figma, { now: () => clock.now });
  const channel = createUiChannel((message) => standin.ui.postFromUi(message), { defaultTimeoutMs: 10_000 });
  const events: TestSession['events'] = [];
  channel.onEvent('selectionChanged', (payload) => events.push({ name: 'selectionChanged', payload }));
  channel.onEvent('jobsChanged', (payload) => events.push({ name: 'jobsChanged', payload }));
  standin.ui.onMainPost((message) => channel.receive(message));
  await plugin.ready;
  return { standin, figma: standin.figma, channel, plugin, events, clock };
}

export async function solidPngAsync(width: number, height: number, rgba: [number, number, number, number] = [40, 120, 200, 255]): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width, height, channels: 4, background: { r: rgba[0], g: rgba[1], b: rgba[2], alpha: rgba[3] / 255 } } })
    .png()
    .toBuffer();
  return new Uint8Array(buffer);
}

/** Adds `node` to `parent` with a name and a box in the parent's coordinates. */
function placeNode<T extends SceneNode & LayoutMixin>(node: T, parent: BaseNode & ChildrenMixin, name: string, x: number, y: number, width: number, height: number): T {
  parent.appendChild(node);
  node.name = name;
  node.x = x;
  node.y = y;
  node.resize(width, height);
  return node;
}

export function rectangle(figma: PluginAPI, parent: BaseNode & ChildrenMixin, name: string, x: number, y: number, width: number, height: number): RectangleNode {
  const node = placeNode(figma.createRectangle(), parent, name, x, y, width, height);
  node.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
  return node;
}

export function frame(figma: PluginAPI, parent: BaseNode & ChildrenMixin, name: string, x: number, y: number, width: number, height: number): FrameNode {
  return placeNode(figma.createFrame(), parent, name, x, y, width, height);
}

/** An instance of a 200 x 100 "Card" component (holding "Photo") placed in `parent`; returns the instance. */
export function cardInstance(figma: PluginAPI, parent: BaseNode & ChildrenMixin, x: number, y: number): InstanceNode {
  const card = figma.createComponent();
  card.name = 'Card';
  card.resize(200, 100);
  rectangle(figma, card, 'Photo', 10, 10, 80, 80);
  card.x = -500;
  const instance = card.createInstance();
  parent.appendChild(instance);
  instance.x = x;
  instance.y = y;
  return instance;
}

export function jobFor(overrides: Partial<JobRecord> & Pick<JobRecord, 'pageId' | 'layerIds' | 'lowestLayerId' | 'area'>, now = Date.UTC(2025, 0, 10, 12)): JobRecord {
  return Object.assign(
    {
      id: 'job-1',
      createdAt: now,
      updatedAt: now,
      state: 'downloading' as const,
      taskUid: 'task-1',
      frameId: null,
      areaSpec: { kind: 'frame' as const },
      placement: 'behind' as const,
      output: { width: overrides.area.width * 2, height: overrides.area.height * 2 },
      foreground: { width: overrides.area.width * 2, height: overrides.area.height * 2 },
      resizeMode: 'ResizeAndFill' as const,
      params: { Prompt: 'white marble, soft light', ImageCount: 2 },
      label: 'white marble, soft light',
      imageCount: 2,
      placedImages: [],
      placedNodeIds: [],
    },
    overrides,
  );
}

export function childNames(parent: BaseNode & ChildrenMixin): string[] {
  return parent.children.map((child) => child.name);
}
