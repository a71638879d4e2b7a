// A stand-in for the main thread: answers the UI's requests from a small in-memory model.
import { FRAME_DELETED_MESSAGE } from '../../../src/protocol/protocol-error';
import { createUiChannel } from '../../../src/protocol/ui-channel';
import type { RequestMessage } from '../../../src/protocol/message-types';
import { isEveryImagePlaced, moveJob } from '../../../src/protocol/job-lifecycle';
import type { JobRecord, RegenerateSeed, Settings } from '../../../src/protocol/shapes';
import type { SelectionState } from '../../../src/protocol/selection-shapes';
import { encodePngAsync } from '../../../ui/lib/png';

export interface FakeMain {
  channel: ReturnType<typeof createUiChannel>;
  requests: RequestMessage[];
  settings: Settings;
  jobs: JobRecord[];
  selection: SelectionState;
  emitSelection(selection: SelectionState): void;
  /** Most frameThumbnail requests awaiting their reply at the same time. */
  maxThumbnailsInFlight: number;
}

export const LAYER_SELECTION: SelectionState = {
  layers: [
    {
      id: '1:2', name: 'Bottle', type: 'RECTANGLE', pageId: '0:1', box: { x: 100, y: 100, width: 200, height: 400 },
      renderBox: { x: 100, y: 100, width: 200, height: 400 }, rotation: 0,
      frameAncestor: { id: '1:1', name: 'Post', type: 'FRAME', box: { x: 0, y: 0, width: 1080, height: 1080 } }, usable: true,
    },
  ],
  groups: [
    { key: '1:1', layerIds: ['1:2'], frame: { id: '1:1', name: 'Post', box: { x: 0, y: 0, width: 1080, height: 1080 } }, lowestLayerId: '1:2', hiddenBehind: { behind: [], bottom: [] } },
  ],
};

/** Exported layer: a red square with a transparent border, at the requested scale. */
async function exportPngAsync(width: number, height: number, opaque: boolean): Promise<Uint8Array> {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inside = opaque || (x > 0 && y > 0 && x < width - 1 && y < height - 1);
      if (inside) rgba.set([255, 0, 0, 255], (y * width + x) * 4);
    }
  }
  return encodePngAsync({ width, height, rgba });
}

export function createFakeMain(options: { settings?: Partial<Settings>; jobs?: JobRecord[]; selection?: SelectionState; opaque?: boolean; hidden?: { id: string; name: string }[]; previous?: { id: string; name: string }[]; regenerate?: RegenerateSeed; deletedNodeIds?: string[] } = {}): FakeMain {
  const model: FakeMain = {
    channel: undefined as unknown as FakeMain['channel'],
    requests: [],
    settings: { relayUrl: 'http://localhost:8787', token: 'backdrop-demo-token', ...options.settings },
    jobs: options.jobs ?? [],
    selection: options.selection ?? LAYER_SELECTION,
    emitSelection: (selection) => {
      model.selection = selection;
      model.channel.receive({ kind: 'event', name: 'selectionChanged', payload: selection });
    },
    maxThumbnailsInFlight: 0,
  };
  let thumbnailsInFlight = 0;
  const reply = (id: string, result: unknown) => queueMicrotask(() => model.channel.receive({ kind: 'reply', id, ok: true, result }));
  model.channel = createUiChannel((message) => {
    model.requests.push(message);
    const { id, name, payload } = message as RequestMessage & { payload: Record<string, unknown> };
    switch (name) {
      case 'init':
        return reply(
          id,
          options.regenerate
            ? { settings: model.settings, jobs: model.jobs, selection: model.selection, command: 'regenerate', regenerate: options.regenerate }
            : { settings: model.settings, jobs: model.jobs, selection: model.selection, command: 'open' },
        );
      case 'getSelection':
        return reply(id, model.selection);
      case 'hiddenLayers':
        return reply(id, { hidden: options.hidden ?? [], previous: options.previous ?? [] });
      case 'exportLayer': {
        const layer = model.selection.layers.find((candidate) => candidate.id === payload.layerId)!;
        const area = payload.area as { x: number; y: number };
        const scale = payload.scale as number;
        const width = Math.max(1, Math.round(layer.box.width * scale));
        const height = Math.max(1, Math.round(layer.box.height * scale));
        void exportPngAsync(width, height, options.opaque === true).then((png) =>
          reply(id, { layerId: layer.id, png, pixelWidth: width, pixelHeight: height, scale, box: { x: layer.box.x - area.x, y: layer.box.y - area.y, width: layer.box.width, height: layer.box.height } }),
        );
        return;
      }
      case 'frameThumbnail': {
        // The frame's image: a blue 64 x 32 PNG; deleted frames answer with main's error.
        thumbnailsInFlight += 1;
        model.maxThumbnailsInFlight = Math.max(model.maxThumbnailsInFlight, thumbnailsInFlight);
        const rgba = new Uint8Array(64 * 32 * 4);
        for (let i = 0; i < rgba.length; i += 4) rgba.set([0, 0, 255, 255], i);
        void encodePngAsync({ width: 64, height: 32, rgba }).then((image) => {
          thumbnailsInFlight -= 1;
          if (options.deletedNodeIds?.includes(payload.nodeId as string)) {
            model.channel.receive({ kind: 'reply', id, ok: false, error: { message: FRAME_DELETED_MESSAGE, detail: `frameThumbnail: no node ${String(payload.nodeId)}` } });
          } else {
            model.channel.receive({ kind: 'reply', id, ok: true, result: { nodeId: payload.nodeId, image } });
          }
        });
        return;
      }
      case 'saveJob': {
        const job = (payload as { job: JobRecord }).job;
        model.jobs = [...model.jobs.filter((existing) => existing.id !== job.id), job];
        return reply(id, { ok: true });
      }
      case 'saveSettings':
        model.settings = { ...model.settings, ...(payload.settings as Partial<Settings>) };
        return reply(id, { settings: model.settings });
      case 'placeImage': {
        const job = model.jobs.find((existing) => existing.id === payload.jobId)!;
        const index = payload.imageIndex as number;
        const recorded = { ...job, placedImages: [...job.placedImages, index], placedNodeIds: [...job.placedNodeIds, `n${index}`], visibleIndex: job.visibleIndex ?? index };
        // Main owns `placed`: the job is placed once its last image is recorded.
        const next = isEveryImagePlaced(recorded) ? moveJob(recorded, 'placed') : recorded;
        model.jobs = model.jobs.map((existing) => (existing.id === next.id ? next : existing));
        return reply(id, { nodeId: `n${index}`, alreadyPlaced: false, notes: [], job: next });
      }
      case 'deleteUnusedVariations': {
        // Main removes the job's hidden variations: here its results other than the one shown.
        const job = model.jobs.find((existing) => existing.id === payload.jobId)!;
        const removedNodeIds = job.placedNodeIds.filter((_, at) => job.placedImages[at] !== job.visibleIndex);
        return reply(id, { removed: removedNodeIds.length, removedNodeIds });
      }
      case 'showVariation': {
        // Main stamps the record it saves with its own clock (src/plugin/handlers/show-variation.ts):
        // here eleven seconds after the job's last update, as when a designer picks a variation later.
        const job = model.jobs.find((existing) => existing.id === payload.jobId)!;
        const frameId = job.placedNodeIds[job.placedImages.indexOf(payload.imageIndex as number)];
        if (frameId && options.deletedNodeIds?.includes(frameId)) {
          return model.channel.receive({ kind: 'reply', id, ok: false, error: { message: FRAME_DELETED_MESSAGE, detail: `showVariation: no frame for image ${String(payload.imageIndex)}` } });
        }
        const next = { ...job, visibleIndex: payload.imageIndex as number, updatedAt: job.updatedAt + 11_000 };
        model.jobs = model.jobs.map((existing) => (existing.id === next.id ? next : existing));
        return reply(id, { job: next });
      }
      default:
        return reply(id, { ok: true });
    }
  });
  return model;
}
