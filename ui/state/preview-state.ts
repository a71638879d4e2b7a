// The Generate tab's preview: each planned job's layers drawn small over its area (through the
// same composition a job sends), which layers are opaque, and which layers and earlier
// backgrounds the new background would hide. Refreshed shortly after the inputs settle.
import { batch, computed, signal, type ReadonlySignal } from './signals';
import { bytesToBase64 } from '../../src/contract/png-header';
import type { NodeRef } from '../../src/protocol/selection-shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { composeJobForegroundAsync } from '../lib/compose-job-foreground';
import type { FormParams } from '../lib/form-params';
import type { Timers } from '../lib/poller';
import type { PlannedJob } from './generate-plan';

export interface PreviewState {
  dataUrl: string;
  width: number;
  height: number;
  opaqueLayers: string[];
}

/** Previews drawn for a multi-job selection (each is one export per layer). */
const MAX_PREVIEWS = 4;
const PREVIEW_WIDTH = 240;
/** Typing in an area field or a burst of selection events refreshes once. */
const PREVIEW_DELAY_MS = 120;

export interface PreviewStateDeps {
  channel: UiChannel;
  timers: Timers;
  plannedJobs: ReadonlySignal<PlannedJob[]>;
  form: ReadonlySignal<FormParams>;
}

export function createPreviewState(deps: PreviewStateDeps) {
  const { channel, timers, plannedJobs, form } = deps;
  /** One preview per planned job (key), the first MAX_PREVIEWS of them. */
  const previews = signal<Record<string, PreviewState>>({});
  /** Names of the previewed layers without transparent pixels. */
  const opaqueLayers = computed<string[]>(() => Object.values(previews.value).flatMap((drawn) => drawn.opaqueLayers));
  const hiddenLayers = signal<Record<string, NodeRef[]>>({});
  /** Per planned job: the layer's own Backdrop the new background replaces. */
  const previousBackdrops = signal<Record<string, NodeRef[]>>({});

  let previewTimer: unknown = null;
  let previewRun = 0;
  function schedulePreview(): void {
    if (previewTimer !== null) timers.clearTimeout(previewTimer);
    previewTimer = timers.setTimeout(() => {
      previewTimer = null;
      void refreshPreviewAsync();
    }, PREVIEW_DELAY_MS);
  }

  /** Exports each job's layers small, composes them over its area and checks for cut-outs. */
  async function refreshPreviewAsync(): Promise<void> {
    const run = ++previewRun;
    const planned = plannedJobs.value;
    if (planned.length === 0) {
      previews.value = {};
      hiddenLayers.value = {};
      previousBackdrops.value = {};
      return;
    }
    try {
      const hidden: Record<string, NodeRef[]> = {};
      const previous: Record<string, NodeRef[]> = {};
      for (const job of planned) {
        const result = await channel.requestAsync('hiddenLayers', { layerIds: job.plan.layerIds, area: job.plan.area, placement: form.value.placement });
        hidden[job.key] = result.hidden;
        previous[job.key] = result.previous;
      }
      const drawn: Record<string, PreviewState> = {};
      for (const job of planned.slice(0, MAX_PREVIEWS)) {
        const { area } = job.plan;
        const scale = Math.min(64, PREVIEW_WIDTH / area.width);
        const size = { width: Math.max(1, Math.round(area.width * scale)), height: Math.max(1, Math.round(area.height * scale)) };
        const composed = await composeJobForegroundAsync(channel.requestAsync, { layerIds: job.plan.layerIds, area, output: size }, scale);
        const opaqueLayers = composed.layers.flatMap((layer, i) => (layer.transparent ? [] : [job.layerNames[i] ?? layer.layerId]));
        drawn[job.key] = { dataUrl: `data:image/png;base64,${bytesToBase64(composed.png)}`, width: size.width, height: size.height, opaqueLayers };
      }
      if (run !== previewRun) return;
      batch(() => {
        hiddenLayers.value = hidden;
        previousBackdrops.value = previous;
        previews.value = drawn;
      });
    } catch (error) {
      if (run !== previewRun) return;
      console.warn('backdrop: preview failed', error);
      previews.value = {};
    }
  }

  /** Drops the pending refresh, and the result of one in flight. */
  function stopPreview(): void {
    if (previewTimer !== null) timers.clearTimeout(previewTimer);
    previewTimer = null;
    previewRun += 1;
  }

  return {
    previews: previews as ReadonlySignal<Record<string, PreviewState>>,
    opaqueLayers,
    hiddenLayers: hiddenLayers as ReadonlySignal<Record<string, NodeRef[]>>,
    previousBackdrops: previousBackdrops as ReadonlySignal<Record<string, NodeRef[]>>,
    schedulePreview,
    refreshPreviewAsync,
    stopPreview,
  };
}
