// The UI's state as signals plus the actions the components call: init, selection, the form and
// its live validation, generating, the jobs mirror and poller, models, credits and settings.
import { batch, computed, signal } from '@preact/signals';
import { formatIssues } from '../../src/contract/issues';
import type { ListModelsResponse } from '../../src/contract/response-schemas';
import { RESPONSE_CHECKS } from '../../src/contract/spec-checks';
import type { RelayMe } from '../../src/contract/relay-me';
import { base64ToBytes, bytesToBase64 } from '../../src/contract/png-header';
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { JobRecord, RegenerateSeed, Settings } from '../../src/protocol/shapes';
import { checkRelayUrl, sameRelayUrl } from '../../src/protocol/relay-url-rule';
import type { NodeRef, SelectionState } from '../../src/protocol/selection-shapes';
import { composeForeground, type ForegroundLayer } from '../lib/compose-foreground';
import { areaFieldsOf, DEFAULT_FORM, restoreFormParams, type FormParams } from '../lib/form-params';
import { formFromParams, readFormHints, type FormHints } from '../lib/form-from-params';
import { hasTransparentPixels } from '../lib/has-transparent-pixels';
import { decodePngAsync, encodePngAsync } from '../lib/png';
import { createJobPoller, type ConnectionState, type Timers } from '../lib/poller';
import { createRelayClient, type ConnectionTestResult, type FetchLike, type RelayClient } from '../lib/relay-client';
import { describeRelayError, RelayError } from '../lib/relay-error';
import { INITIAL_RELAY_URL } from '../lib/built-in-relay';
import { NO_CUTOUT_TEXT, randomSeed, startJobAsync, type JobPlan, type ReferenceInput } from '../lib/start-job';
import { makeThumbnailAsync } from '../lib/thumbnail';
import { type ImageTranscoder, prepareFigmaImageAsync } from '../lib/figma-image';
import { compareRunningTasksAsync } from '../lib/unknown-outcome';
import { FINAL_JOB_STATES } from '../lib/job-timing';
import { createGeneratePlan, resolvedForm } from './generate-plan';

export type { PlannedJob } from './generate-plan';
import { createCutoutActions } from './cutout-actions';

export type TabName = 'Generate' | 'Jobs' | 'Settings';

/** What Generate asks the designer to confirm before it spends credits. */
export type GenerateConfirmation = 'empty-prompt' | 'opaque-layer';

/** Previews drawn for a multi-job selection (each is one export per layer). */
const MAX_PREVIEWS = 4;

export interface PreviewState {
  dataUrl: string;
  width: number;
  height: number;
  opaqueLayers: string[];
}

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

const PREVIEW_WIDTH = 240;
/** Toast when Generate finds nothing to work on (Figma limits toasts to about 100 characters). */
export const NOTHING_USABLE_TEXT = 'Select a layer with transparent pixels (a cut-out) first';
export const REFERENCE_NOT_REUSED_TEXT = 'Reference image not reused: choose it again';

export function createAppState(deps: AppDeps) {
  const { channel } = deps;
  const now = deps.now ?? (() => Date.now());
  const ready = signal(false);
  const initError = signal<{ message: string; detail?: string } | null>(null);
  const tab = signal<TabName>('Generate');
  const builtInRelayUrl = deps.builtInRelayUrl;
  const settings = signal<Settings>({ relayUrl: builtInRelayUrl ?? INITIAL_RELAY_URL, token: '' });
  const teamRelayUrl = signal<string | undefined>(undefined);
  /**
   * A relay named in the document's shared plugin data that is not the built-in one: shown, never
   * followed, so a shared file cannot send a designer's layers to another server.
   */
  const refusedTeamRelayUrl = computed<string | undefined>(() => {
    const team = teamRelayUrl.value;
    return builtInRelayUrl !== undefined && team && !sameRelayUrl(team, builtInRelayUrl) ? team : undefined;
  });
  const selection = signal<SelectionState>({ layers: [], groups: [], problem: 'Nothing selected' });
  const form = signal<FormParams>(DEFAULT_FORM);
  const jobs = signal<JobRecord[]>([]);
  const thumbnails = signal<Record<string, Record<number, string>>>({});
  const models = signal<ListModelsResponse | null>(null);
  const modelsError = signal<string | null>(null);
  /** expiresAt: unix seconds, only when PICPIK sends the optional ExpireTimestamp. */
  const credits = signal<{ left: number; total: number; expiresAt?: number } | null>(null);
  /** The designer's own usage and budget from the team relay (GET /v1/me), when it has one. */
  const me = signal<RelayMe | null>(null);
  const connection = signal<ConnectionState>({ status: 'ok', failures: 0 });
  /** One preview per planned job (key), the first MAX_PREVIEWS of them. */
  const previews = signal<Record<string, PreviewState>>({});
  const preview = computed<PreviewState | null>(() => {
    const first = plannedJobs.value[0];
    return (first && previews.value[first.key]) ?? null;
  });
  const hiddenLayers = signal<Record<string, NodeRef[]>>({});
  /** Per planned job: the layer's own Backdrop the new background replaces. */
  const previousBackdrops = signal<Record<string, NodeRef[]>>({});
  const referenceLayerId = signal<string | null>(null);
  const referenceFile = signal<{ name: string; bytes: Uint8Array } | null>(null);
  const generating = signal(false);
  /** Confirmations Generate is waiting for (empty prompt, opaque layer); empty when none. */
  const pendingConfirmations = signal<GenerateConfirmation[]>([]);
  /** The Advanced section of the Generate tab (remembered in settings). */
  const advancedOpen = signal(false);
  /** A field the Generate tab should scroll to and focus once (e.g. Seed after "Reuse seed"). */
  const revealField = signal<'seed' | null>(null);
  /** The job the Jobs tab should scroll to (from the running-jobs strip). */
  const focusedJobId = signal<string | null>(null);
  /** A note over the Generate form, e.g. what a Regenerate prepared. */
  const notice = signal<string | null>(null);
  /** A note per job row, e.g. why its Regenerate could not rerun as it was. */
  const jobNotes = signal<Record<string, string>>({});
  // Reference files by job, for this session only: image bytes never go into main's storage.
  const referenceFiles = new Map<string, Uint8Array>();
  let areaTouched = false;
  const cancelledWhileSending = new Set<string>();

  let client: RelayClient = makeClient(settings.value);
  function makeClient(current: Settings): RelayClient {
    return createRelayClient({ relayUrl: builtInRelayUrl ?? current.relayUrl, token: current.token, fetch: deps.fetch });
  }
  // The poller keeps one client object; it always talks through the current settings.
  const liveClient: Pick<RelayClient, 'postActionAsync' | 'downloadImageAsync' | 'waitForTasksAsync' | 'healthAsync'> = {
    postActionAsync: (action, params, options) => client.postActionAsync(action, params, options),
    downloadImageAsync: (taskUid, index) => client.downloadImageAsync(taskUid, index),
    waitForTasksAsync: (taskUids, known, options) => client.waitForTasksAsync(taskUids, known, options),
    healthAsync: () => client.healthAsync(),
  };

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
    timers: deps.timers,
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
    onConnection: (state) => {
      connection.value = state;
    },
    log: (text) => console.warn(`backdrop: ${text}`),
  });

  // ---- derived: the jobs a Generate would start, the form's problems, the cost --------------

  const { plannedJobs, formIssues, fieldProblems, generateProblems, costEstimate, referenceInput } = createGeneratePlan({ selection, form, jobs, referenceLayerId, referenceFile });

  // ---- actions ------------------------------------------------------------------------------

  /** Form fields that change what the preview shows (the area, or which layers the background hides). */
  const PREVIEW_FIELDS: readonly (keyof FormParams)[] = ['areaKind', 'padding', 'aspect', 'customAreaWidth', 'customAreaHeight', 'placement', 'referenceSource'];

  function updateForm(patch: Partial<FormParams>): void {
    pendingConfirmations.value = [];
    if ('areaKind' in patch || 'padding' in patch || 'aspect' in patch) areaTouched = true;
    form.value = { ...form.value, ...patch };
    // An empty patch is a nudge (e.g. the reference layer changed): refresh too.
    const keys = Object.keys(patch) as (keyof FormParams)[];
    if (keys.length === 0 || keys.some((key) => PREVIEW_FIELDS.includes(key))) schedulePreview();
  }

  function applySelection(next: SelectionState): void {
    batch(() => {
      selection.value = next;
      if (referenceLayerId.value && !next.layers.some((layer) => layer.id === referenceLayerId.value)) referenceLayerId.value = null;
      if (!areaTouched && next.groups[0]) {
        form.value = next.groups[0].frame ? { ...form.value, areaKind: 'frame' } : { ...form.value, areaKind: 'layer', padding: 25 };
      }
    });
    schedulePreview();
  }

  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let previewRun = 0;
  function schedulePreview(): void {
    if (previewTimer !== null) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewTimer = null;
      void refreshPreviewAsync();
    }, 120);
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
        const layers: ForegroundLayer[] = [];
        const opaqueLayers: string[] = [];
        for (const [i, layerId] of job.plan.layerIds.entries()) {
          const exported = await channel.requestAsync('exportLayer', { layerId, area, scale });
          const decoded = await decodePngAsync(exported.png);
          if (!hasTransparentPixels(decoded.rgba)) opaqueLayers.push(job.layerNames[i] ?? layerId);
          layers.push({ rgba: decoded.rgba, width: decoded.width, height: decoded.height, box: exported.box });
        }
        const png = await encodePngAsync(composeForeground(layers, area, size));
        drawn[job.key] = { dataUrl: `data:image/png;base64,${bytesToBase64(png)}`, width: size.width, height: size.height, opaqueLayers };
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

  const cutout = createCutoutActions({ jobs, plannedJobs, selection, form, formIssues, generating, tab, jobDeps, resolvedForm });

  /** What Generate should have confirmed before it sends: an empty prompt, a layer without transparency. */
  function neededConfirmations(): GenerateConfirmation[] {
    const needed: GenerateConfirmation[] = [];
    if (form.value.prompt.trim() === '') needed.push('empty-prompt');
    if (Object.values(previews.value).some((drawn) => drawn.opaqueLayers.length > 0)) needed.push('opaque-layer');
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
    pendingConfirmations.value = needed;
    if (needed.length > 0) return;
    const reference = referenceInput();
    generating.value = true;
    notice.value = null;
    void channel.requestAsync('saveSettings', { settings: { lastParams: { ...f } } }).catch(() => undefined);
    try {
      tab.value = 'Jobs';
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
    const next: FormParams = { ...formFromParams(form.value, source.params, models.value), seedMode: 'random', referenceSource: 'none' };
    if (source.areaSpec) {
      Object.assign(next, areaFieldsOf(source.areaSpec));
      // Keeps the selection event that follows from resetting the restored area to its default.
      areaTouched = true;
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
      form.value = next;
      pendingConfirmations.value = [];
      // Kept once the selection event shows the layer selected, cleared otherwise (applySelection).
      if (referenceLayer) referenceLayerId.value = referenceLayer;
      tab.value = 'Generate';
      notice.value = note;
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
    const f = { ...formFromParams(form.value, job.params, models.value), seedMode: 'random' as const, placement: job.placement, resizeMode: job.resizeMode };
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
      form.value = { ...form.value, seedMode: 'fixed', seed: job.seed as number };
      notice.value = `Seed ${job.seed} set (Fixed): Generate repeats the scene of ${job.label}. Set Seed to Random for new scenes.`;
      tab.value = 'Generate';
      revealField.value = 'seed';
    });
    setAdvancedOpen(true);
  }

  function setAdvancedOpen(open: boolean): void {
    if (advancedOpen.value === open) return;
    advancedOpen.value = open;
    void channel.requestAsync('saveSettings', { settings: { advancedOpen: open } }).catch(() => undefined);
  }

  /** From the running-jobs strip: the Jobs tab, scrolled to that job. */
  function showJob(jobId: string): void {
    batch(() => {
      focusedJobId.value = jobId;
      tab.value = 'Jobs';
    });
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

  async function selectLayersAsync(ids: string[]): Promise<void> {
    await channel.requestAsync('selectLayers', { ids });
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

  async function loadModelsAsync(): Promise<void> {
    try {
      const parsed = RESPONSE_CHECKS.ListModels(await client.postActionAsync('ListModels'));
      if (!parsed.ok) throw new RelayError({ kind: 'bad-response', detail: formatIssues(parsed.issues).slice(0, 300) });
      batch(() => {
        models.value = parsed.value;
        modelsError.value = null;
      });
    } catch (error) {
      batch(() => {
        models.value = null;
        modelsError.value = describeRelayError(error).message;
      });
    }
  }

  async function loadCreditsAsync(): Promise<void> {
    try {
      const parsed = RESPONSE_CHECKS.GetCreditBalance(await client.postActionAsync('GetCreditBalance'));
      if (!parsed.ok) {
        credits.value = null;
        return;
      }
      const { TotalCredits, UsedCredits, ExpireTimestamp } = parsed.value;
      credits.value = { left: TotalCredits - UsedCredits, total: TotalCredits, ...(ExpireTimestamp !== undefined ? { expiresAt: ExpireTimestamp } : {}) };
    } catch {
      // The relay may not allow GetCreditBalance: simply show no balance.
      credits.value = null;
    }
    try {
      me.value = (await client.meAsync()) ?? null;
    } catch {
      // An older relay, or a stand-in without /v1/me: show no usage line.
      me.value = null;
    }
  }

  async function saveSettingsAsync(patch: Partial<Settings>): Promise<void> {
    if (builtInRelayUrl !== undefined) {
      // The address is part of this build; only the token is the designer's.
      patch = { ...patch };
      delete patch.relayUrl;
    } else if (patch.relayUrl !== undefined) {
      const checked = checkRelayUrl(patch.relayUrl);
      if (!checked.ok) throw new RelayError({ kind: 'bad-url', ruleMessage: checked.message, detail: checked.detail });
    }
    const result = await channel.requestAsync('saveSettings', { settings: patch });
    settings.value = result.settings;
    client = makeClient(result.settings);
    void loadModelsAsync();
    void loadCreditsAsync();
  }

  function testConnectionAsync(relayUrl: string, token: string): Promise<ConnectionTestResult> {
    return createRelayClient({ relayUrl: builtInRelayUrl ?? relayUrl, token, fetch: deps.fetch }).testConnectionAsync();
  }

  async function saveTeamRelayUrlAsync(relayUrl: string): Promise<void> {
    if (builtInRelayUrl !== undefined) throw new RelayError({ kind: 'bad-url', ruleMessage: 'This plugin has its relay built in: nothing to save to the file', detail: 'saveTeamRelayUrl in a team build' });
    const checked = relayUrl.trim() === '' ? undefined : checkRelayUrl(relayUrl);
    if (checked && !checked.ok) throw new RelayError({ kind: 'bad-url', ruleMessage: checked.message, detail: checked.detail });
    await channel.requestAsync('saveTeamRelayUrl', { relayUrl });
    teamRelayUrl.value = relayUrl;
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
        settings.value = init.settings;
        teamRelayUrl.value = init.teamRelayUrl ?? init.settings.teamRelayUrl;
        form.value = restoreFormParams(init.settings.lastParams);
        advancedOpen.value = init.settings.advancedOpen === true;
        jobs.value = [...init.jobs].sort((a, b) => b.createdAt - a.createdAt);
        // In the same batch, so the panel's first paint already shows the selection.
        applySelection(init.selection);
        ready.value = true;
      });
      client = makeClient(init.settings);
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
    // state
    ready, initError, tab, settings, teamRelayUrl, builtInRelayUrl, refusedTeamRelayUrl, selection, form, jobs, thumbnails, models, modelsError, credits, me,
    connection, preview, previews, hiddenLayers, previousBackdrops, referenceLayerId, referenceFile, generateProblems, fieldProblems, generating, plannedJobs, formIssues, notice, jobNotes,
    pendingConfirmations, advancedOpen, revealField, focusedJobId, costEstimate,
    // actions
    initAsync, updateForm, generateAsync, regenerateAsync, reuseSeed, setAdvancedOpen, showJob, cancelJobAsync, useVariationAsync, deleteUnusedVariationsAsync, removeJobAsync, selectLayersAsync, checkUnknownOutcomeAsync,
    loadModelsAsync, loadCreditsAsync, saveSettingsAsync, testConnectionAsync, saveTeamRelayUrlAsync, refreshPreviewAsync,
    cutout,
    dispose: () => poller.stop(),
    NO_CUTOUT_TEXT,
  };
}

export type AppState = ReturnType<typeof createAppState>;
