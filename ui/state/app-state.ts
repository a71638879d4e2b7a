// The UI's state as signals plus the actions the components call: init, selection, the form and
// its live validation, generating, the jobs mirror and poller, models, credits and settings.
import { batch, signal } from '@preact/signals';
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { JobRecord, RegenerateSeed } from '../../src/protocol/shapes';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import { areaFieldsOf, type FormParams } from '../lib/form-params';
import { formFromParams, readFormHints, type FormHints } from '../lib/form-from-params';
import { createJobPoller, SYSTEM_TIMERS, type Timers } from '../lib/poller';
import type { FetchLike } from '../lib/relay-client';
import { describeRelayError } from '../lib/relay-error';
import { NO_CUTOUT_TEXT, randomSeed, startJobAsync, type JobPlan, type ReferenceInput } from '../lib/start-job';
import { makeThumbnailAsync } from '../lib/thumbnail';
import { type ImageTranscoder, prepareFigmaImageAsync } from '../lib/figma-image';
import { compareRunningTasksAsync } from '../lib/unknown-outcome';
import { FINAL_JOB_STATES } from '../lib/job-timing';
import { createGeneratePlan, resolvedForm } from './generate-plan';

export type { PlannedJob } from './generate-plan';
export type { PreviewState } from './preview-state';
import { createCutoutActions } from './cutout-actions';
import { createRelayState } from './relay-state';
import { createPreviewState } from './preview-state';
import { createFormState, type GenerateConfirmation } from './form-state';
import { createPanelState } from './panel-state';
import { createSelectionState } from './selection-state';
import { createAccountState } from './account-state';

export type { TabName } from './panel-state';

export type { GenerateConfirmation } from './form-state';

export interface AppDeps {
  channel: UiChannel;
  fetch?: FetchLike;
  timers?: Timers;
  now?: () => number;
  /** A team build's relay (ui/lib/built-in-relay.ts): it wins over any other address. */
  builtInRelayUrl?: string;
  /** Turns result images Figma cannot take into PNGs it can; the browser's canvas by default. */
  imageTranscoder?: ImageTranscoder;
}

/** Toast when Generate finds nothing to work on (Figma limits toasts to about 100 characters). */
export const NOTHING_USABLE_TEXT = 'Select a layer with transparent pixels (a cut-out) first';
export const REFERENCE_NOT_REUSED_TEXT = 'Reference image not reused: choose it again';

export function createAppState(deps: AppDeps) {
  const { channel } = deps;
  const fields = createFormState({ channel, onPreviewInput: () => schedulePreview() });
  const { form, setAdvancedOpen } = fields;
  const panel = createPanelState();
  const { showTab } = panel;
  const picked = createSelectionState(channel);
  const { selection, referenceLayerId, referenceFile } = picked;
  const relay = createRelayState({ ...deps, onSettingsSaved: () => {
    void loadModelsAsync();
    void loadCreditsAsync();
  } });
  const { liveClient } = relay;
  const account = createAccountState(liveClient);
  const { loadModelsAsync, loadCreditsAsync } = account;
  const now = deps.now ?? (() => Date.now());
  const timers = deps.timers ?? SYSTEM_TIMERS;
  const ready = signal(false);
  const initError = signal<{ message: string; detail?: string } | null>(null);
  const jobs = signal<JobRecord[]>([]);
  const thumbnails = signal<Record<string, Record<number, string>>>({});
  const generating = signal(false);
  /** A note per job row, e.g. why its Regenerate could not rerun as it was. */
  const jobNotes = signal<Record<string, string>>({});
  // Reference files by job, for this session only: image bytes never go into main's storage.
  const referenceFiles = new Map<string, Uint8Array>();
  const cancelledWhileSending = new Set<string>();

  /** Compares PICPIK's running tasks with the known jobs and notes the answer on the job's row. */
  async function checkUnknownOutcomeAsync(jobId: string): Promise<void> {
    let note: string;
    try {
      note = await compareRunningTasksAsync(liveClient, new Set(jobs.value.flatMap((job) => (job.taskUid ? [job.taskUid] : []))));
    } catch (error) {
      note = `Could not check PICPIK: ${describeRelayError(error).message}`;
    }
    jobNotes.value = { ...jobNotes.value, [jobId]: note };
  }

  function upsertJob(job: JobRecord): void {
    const list = jobs.value;
    const at = list.findIndex((existing) => existing.id === job.id);
    const before = at < 0 ? undefined : list[at];
    jobs.value = at < 0 ? [job, ...list] : list.map((existing, i) => (i === at ? job : existing));
    // A job that just ended has been charged (or refunded): the balance is stale.
    if (before && !FINAL_JOB_STATES.has(before.state) && FINAL_JOB_STATES.has(job.state)) void loadCreditsAsync();
  }

  function setThumbnail(jobId: string, imageIndex: number, url: string): void {
    thumbnails.value = { ...thumbnails.value, [jobId]: { ...thumbnails.value[jobId], [imageIndex]: url } };
  }

  // Thumbnails of results placed in an earlier run: main reads each placed frame's image and the
  // UI shrinks it. One request at a time, so a long jobs list holds one full image at a time.
  const frameThumbnailQueue: { jobId: string; imageIndex: number; nodeId: string }[] = [];
  const frameThumbnailsAsked = new Set<string>();
  let loadingFrameThumbnails = false;

  function queueMissingThumbnails(list: JobRecord[]): void {
    for (const job of list) {
      job.placedImages.forEach((imageIndex, i) => {
        const nodeId = job.placedNodeIds[i];
        const key = `${job.id}:${imageIndex}`;
        if (!nodeId || frameThumbnailsAsked.has(key) || thumbnails.value[job.id]?.[imageIndex]) return;
        frameThumbnailsAsked.add(key);
        frameThumbnailQueue.push({ jobId: job.id, imageIndex, nodeId });
      });
    }
    if (!loadingFrameThumbnails) void loadFrameThumbnailsAsync();
  }

  async function loadFrameThumbnailsAsync(): Promise<void> {
    loadingFrameThumbnails = true;
    try {
      for (let next = frameThumbnailQueue.shift(); next; next = frameThumbnailQueue.shift()) {
        const { jobId, imageIndex, nodeId } = next;
        // Skipped when this run already made one from the downloaded image, or the job was removed.
        if (thumbnails.value[jobId]?.[imageIndex] || !jobs.value.some((job) => job.id === jobId)) continue;
        try {
          const result = await channel.requestAsync('frameThumbnail', { nodeId });
          setThumbnail(jobId, imageIndex, await makeThumbnailAsync(result.image));
        } catch (error) {
          // The numbered placeholder stays (e.g. the frame was deleted).
          console.warn(`backdrop: no thumbnail for ${nodeId}`, error);
        }
      }
    } finally {
      loadingFrameThumbnails = false;
    }
  }

  const poller = createJobPoller({
    client: liveClient,
    timers,
    now,
    placeImageAsync: async (jobId, imageIndex, downloaded, seed) => {
      const image = await prepareFigmaImageAsync(downloaded, deps.imageTranscoder);
      const png = image.bytes;
      // The bytes are transferred to main below: the thumbnail works on its own copy.
      void makeThumbnailAsync(png.slice()).then((url) => setThumbnail(jobId, imageIndex, url));
      const result = await channel.requestAsync('placeImage', seed === undefined ? { jobId, imageIndex, png } : { jobId, imageIndex, png, seed });
      if (image.note) void channel.requestAsync('notify', { message: image.note }).catch(() => undefined);
      return result.job;
    },
    saveJobAsync: async (job) => {
      await channel.requestAsync('saveJob', { job });
    },
    onJob: (job) => {
      upsertJob(job);
      cutout.afterJob(job);
    },
    onNextStage: (job) => cutout.sendNextStage(job),
    onConnection: relay.setConnection,
    log: (text) => console.warn(`backdrop: ${text}`),
  });

  // ---- derived: the jobs a Generate would start, the form's problems, the cost --------------

  const { plannedJobs, formIssues, fieldProblems, generateProblems, costEstimate, referenceInput } = createGeneratePlan({ selection, form, jobs, referenceLayerId, referenceFile });
  const sight = createPreviewState({ channel, timers, plannedJobs, form });
  const { schedulePreview } = sight;

  // ---- actions ------------------------------------------------------------------------------

  function applySelection(next: SelectionState): void {
    batch(() => {
      picked.setSelection(next);
      fields.applyAreaDefault(next);
    });
    schedulePreview();
  }

  function jobDeps() {
    return {
      requestAsync: channel.requestAsync,
      client: liveClient,
      track: (job: JobRecord) => poller.track(job),
      onJob: upsertJob,
      isCancelled: (jobId: string) => cancelledWhileSending.has(jobId),
      now,
    };
  }

  const cutout = createCutoutActions({ jobs, plannedJobs, selection, form, formIssues, generating, showTab, jobDeps, resolvedForm });

  /** What Generate should have confirmed before it sends: an empty prompt, a layer without transparency. */
  function neededConfirmations(): GenerateConfirmation[] {
    const needed: GenerateConfirmation[] = [];
    if (form.value.prompt.trim() === '') needed.push('empty-prompt');
    if (sight.hasOpaqueLayer()) needed.push('opaque-layer');
    return needed;
  }

  /**
   * Starts one job per planned group. Problems keep it from sending (the keyboard shortcut names
   * them in a toast); an empty prompt or an opaque layer first asks, and `confirmed` sends anyway.
   */
  async function generateAsync(options: { confirmed?: boolean } = {}): Promise<void> {
    if (generating.value) return;
    const f = form.value;
    const planned = plannedJobs.value;
    if (fieldProblems.value.length > 0) {
      if (planned.length === 0) void channel.requestAsync('notify', { message: NOTHING_USABLE_TEXT }).catch(() => undefined);
      return;
    }
    const needed = options.confirmed ? [] : neededConfirmations();
    fields.setConfirmations(needed);
    if (needed.length > 0) return;
    const reference = referenceInput();
    generating.value = true;
    panel.setNotice(null);
    void channel.requestAsync('saveSettings', { settings: { lastParams: { ...f } } }).catch(() => undefined);
    try {
      showTab('Jobs');
      for (const job of planned) {
        const seed = f.seedMode === 'fixed' ? f.seed : randomSeed();
        const started = await startJobAsync(job.plan, { ...resolvedForm(f, job.plan.output, seed), cleanPlate: cutout.cleanPlate.value }, reference, jobDeps());
        if (reference?.kind === 'bytes') referenceFiles.set(started.id, reference.bytes);
      }
    } finally {
      generating.value = false;
      // PICPIK reserves a task's credits when it accepts it: show the balance that is left.
      void loadCreditsAsync();
    }
  }

  /**
   * Puts a stored request (a relaunch's or a job's) into the form for the designer to send: its
   * parameters, area, output size, resize mode and placement, and asks main to select its layers
   * (and its reference layer), since the selection is then usually the Backdrop frame itself.
   */
  async function prepareRegenerateAsync(source: RegenerateSeed, options: { reselectReference: boolean }): Promise<void> {
    const hints = readFormHints(source.params);
    // Always a new random seed: that is what "Regenerate" means here, as on the Jobs tab. The
    // stored seed stays in the Seed field, so switching to Fixed reproduces the original.
    const next: FormParams = { ...formFromParams(form.value, source.params, account.models.value), seedMode: 'random', referenceSource: 'none' };
    if (source.areaSpec) {
      Object.assign(next, areaFieldsOf(source.areaSpec));
      // Keeps the selection event that follows from resetting the restored area to its default.
      fields.keepArea();
    }
    // The exact output size as custom: which of 1x, 2x or draft produced it is not stored.
    if (source.output) Object.assign(next, { sizeChoice: 'custom', customWidth: source.output.width, customHeight: source.output.height });
    if (source.placement) next.placement = source.placement;
    if (source.resizeMode) next.resizeMode = source.resizeMode;
    const ids = [...source.layerIds];
    const referenceLayer = options.reselectReference && hints.reference?.source === 'layer' ? hints.reference.layerId : undefined;
    const title = `Regenerating ${source.label ?? 'the background'}`;
    let note = `${title}: press Generate`;
    if (referenceLayer) {
      next.referenceSource = 'layer';
      ids.push(referenceLayer);
    } else if (hints.reference || source.params.BackgroundImage2Image !== undefined) {
      // The reference stays asked for, so Generate names what to choose instead of dropping it.
      next.referenceSource = hints.reference?.source ?? 'file';
      note = `${title}. ${REFERENCE_NOT_REUSED_TEXT}, then press Generate`;
    }
    batch(() => {
      fields.setForm(next);
      fields.dismissConfirmations();
      // Kept once the selection event shows the layer selected, cleared otherwise (applySelection).
      if (referenceLayer) picked.setReferenceLayer(referenceLayer);
      showTab('Generate');
      panel.setNotice(note);
    });
    schedulePreview();
    await channel.requestAsync('selectLayers', { ids }).catch((error: unknown) => console.warn('backdrop: could not select the layers to regenerate', error));
  }

  /**
   * The job's reference image if it can be used again: the same file (this session), or the same
   * layer while it still exists and can be selected (its current position is then read back).
   */
  async function jobReferenceAsync(job: JobRecord, hints: FormHints): Promise<ReferenceInput | undefined> {
    if (hints.reference?.source === 'file') {
      const bytes = referenceFiles.get(job.id);
      return bytes ? { kind: 'bytes', bytes } : undefined;
    }
    const layerId = hints.reference?.layerId;
    if (!layerId) return undefined;
    let layer = selection.value.layers.find((candidate) => candidate.id === layerId);
    if (!layer) {
      try {
        await channel.requestAsync('selectLayers', { ids: [...job.layerIds, layerId] });
        const current = await channel.requestAsync('getSelection', {});
        applySelection(current);
        layer = current.layers.find((candidate) => candidate.id === layerId);
      } catch (error) {
        console.warn('backdrop: could not select the reference layer again', error);
      }
    }
    return layer ? { kind: 'layer', layerId: layer.id, box: layer.box } : undefined;
  }

  /**
   * Reruns a job's request on the same layers and area with a new seed: the body equals the
   * original but for Seed. When its reference image cannot be found again, nothing is sent (a
   * different request would cost credits): the form is prepared instead and the row says why.
   */
  async function regenerateAsync(job: JobRecord): Promise<void> {
    const hints = readFormHints(job.params);
    const f = { ...formFromParams(form.value, job.params, account.models.value), seedMode: 'random' as const, placement: job.placement, resizeMode: job.resizeMode };
    const usedReference = hints.reference !== undefined || job.params.BackgroundImage2Image !== undefined;
    const reference = usedReference ? await jobReferenceAsync(job, hints) : undefined;
    if (usedReference && !reference) {
      jobNotes.value = { ...jobNotes.value, [job.id]: REFERENCE_NOT_REUSED_TEXT };
      const { params, layerIds, area, areaSpec, placement, resizeMode, output, label } = job;
      await prepareRegenerateAsync({ params, layerIds, area, areaSpec, placement, resizeMode, output, label, sourceJobId: job.id }, { reselectReference: false });
      return;
    }
    const plan: JobPlan = {
      pageId: job.pageId,
      layerIds: job.layerIds,
      lowestLayerId: job.lowestLayerId,
      frameId: job.frameId,
      area: job.area,
      areaSpec: job.areaSpec,
      output: job.output,
      ...(job.sourceLabel ? { sourceLabel: job.sourceLabel } : {}),
    };
    const started = await startJobAsync(plan, resolvedForm(f, job.output, randomSeed()), reference, jobDeps());
    if (reference?.kind === 'bytes') referenceFiles.set(started.id, reference.bytes);
    void loadCreditsAsync();
  }

  /** Puts the job's seed into the form (Fixed), opens Advanced on it and says what changed. */
  function reuseSeed(job: JobRecord): void {
    if (job.seed === undefined) return;
    batch(() => {
      fields.setForm({ ...form.value, seedMode: 'fixed', seed: job.seed as number });
      panel.setNotice(`Seed ${job.seed} set (Fixed): Generate repeats the scene of ${job.label}. Set Seed to Random for new scenes.`);
      showTab('Generate');
      panel.reveal('seed');
    });
    setAdvancedOpen(true);
  }

  async function cancelJobAsync(jobId: string): Promise<void> {
    if (poller.isTracking(jobId)) {
      await poller.cancelAsync(jobId);
      return;
    }
    const job = jobs.value.find((candidate) => candidate.id === jobId);
    if (job && job.state === 'sending') {
      cancelledWhileSending.add(jobId);
      upsertJob({ ...job, state: 'cancelled', updatedAt: now() });
    }
  }

  async function useVariationAsync(jobId: string, imageIndex: number): Promise<void> {
    try {
      const result = await channel.requestAsync('useVariation', { jobId, imageIndex });
      upsertJob(result.job);
    } catch (error) {
      const info = describeRelayError(error);
      void channel.requestAsync('notify', { message: info.message.slice(0, 100), error: true }).catch(() => undefined);
    }
  }

  /** Removes the hidden Backdrop variations of the job's layer (main makes it one undo step). */
  async function deleteUnusedVariationsAsync(jobId: string): Promise<void> {
    try {
      const { removed } = await channel.requestAsync('deleteUnusedVariations', { jobId });
      const message = removed === 0 ? 'Backdrop: no unused variations.' : `Backdrop: deleted ${removed} unused variation${removed === 1 ? '' : 's'}.`;
      void channel.requestAsync('notify', { message }).catch(() => undefined);
    } catch (error) {
      const info = describeRelayError(error);
      void channel.requestAsync('notify', { message: info.message.slice(0, 100), error: true }).catch(() => undefined);
    }
  }

  async function removeJobAsync(jobId: string): Promise<void> {
    await channel.requestAsync('removeJob', { jobId });
    jobs.value = jobs.value.filter((job) => job.id !== jobId);
  }

  async function initAsync(): Promise<void> {
    channel.onEvent('selectionChanged', applySelection);
    channel.onEvent('jobsChanged', ({ jobs: changed }) => {
      changed.forEach(upsertJob);
      queueMissingThumbnails(changed);
    });
    try {
      const init = await channel.requestAsync('init', {});
      batch(() => {
        relay.restoreRelay(init.settings, init.teamRelayUrl ?? init.settings.teamRelayUrl);
        fields.restoreForm(init.settings);
        jobs.value = [...init.jobs].sort((a, b) => b.createdAt - a.createdAt);
        ready.value = true;
      });
      applySelection(init.selection);
      poller.resume(init.jobs);
      init.jobs.forEach(cutout.afterJob);
      queueMissingThumbnails(jobs.value);
      void loadModelsAsync();
      void loadCreditsAsync();
      // A "Regenerate" relaunch prepares the form and selection but sends nothing: the relaunch
      // button only opens the plugin (it is easy to press while inspecting a frame), and a
      // credit-costing request waits for the designer's own Generate click.
      if (init.regenerate) {
        await prepareRegenerateAsync(init.regenerate, { reselectReference: true });
      }
    } catch (error) {
      initError.value = describeRelayError(error);
      ready.value = true;
    }
  }

  return {
    ...relay,
    ...account,
    ...picked,
    ...fields,
    ...panel,
    ...sight,
    ready, initError, jobs, thumbnails, generateProblems, fieldProblems, generating, plannedJobs, formIssues, jobNotes, costEstimate,
    initAsync, generateAsync, regenerateAsync, reuseSeed, cancelJobAsync, useVariationAsync, deleteUnusedVariationsAsync, removeJobAsync, checkUnknownOutcomeAsync,
    cutout,
    dispose: () => {
      poller.stop();
      sight.stopPreview();
    },
    NO_CUTOUT_TEXT,
  };
}

export type AppState = ReturnType<typeof createAppState>;
