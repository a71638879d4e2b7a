// The UI's state as signals plus the actions the components call: init, selection, the form and
// its live validation, generating, the jobs mirror and poller, models, credits and settings.
import { batch, computed, signal } from '@preact/signals';
import { GetCreditBalanceResponseSchema, ListModelsResponseSchema, type ListModelsResponse } from '../../src/contract/schemas';
import type { RelayMe } from '../../src/contract/relay-me';
import { base64ToBytes, bytesToBase64 } from '../../src/contract/png-header';
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { JobRecord, RegenerateSeed, Settings } from '../../src/protocol/shapes';
import { checkRelayUrl, sameRelayUrl } from '../../src/protocol/relay-url-rule';
import type { NodeRef, SelectionState } from '../../src/protocol/selection-shapes';
import { buildGenerateRequest, type GenerateForm } from '../lib/build-generate-request';
import { composeForeground, type ForegroundLayer } from '../lib/compose-foreground';
import { computeArea } from '../lib/compute-area';
import { areaFieldsOf, areaSpecOf, DEFAULT_FORM, restoreFormParams, type FormParams } from '../lib/form-params';
import { formFromParams, readFormHints, type FormHints } from '../lib/form-from-params';
import { hasTransparentPixels } from '../lib/has-transparent-pixels';
import { defaultOutputSize } from '../lib/output-size';
import { decodePngAsync, encodePngAsync } from '../lib/png';
import { createJobPoller, type ConnectionState, type Timers } from '../lib/poller';
import { createRelayClient, type ConnectionTestResult, type FetchLike, type RelayClient } from '../lib/relay-client';
import { describeRelayError, RelayError } from '../lib/relay-error';
import { INITIAL_RELAY_URL } from '../lib/built-in-relay';
import { NO_CUTOUT_TEXT, randomSeed, startJobAsync, type JobPlan, type ReferenceInput } from '../lib/start-job';
import { makeThumbnailAsync } from '../lib/thumbnail';
import { type ImageTranscoder, prepareFigmaImageAsync } from '../lib/figma-image';
import { compareRunningTasksAsync } from '../lib/unknown-outcome';

export type TabName = 'Generate' | 'Jobs' | 'Settings';

export interface PlannedJob {
  key: string;
  plan: JobPlan;
  layerNames: string[];
  notes: string[];
}

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

/** A 1 x 1 RGBA PNG: lets the form be validated with the contract schema before any export. */
const PLACEHOLDER_PNG = base64ToBytes('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=');
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
  const preview = signal<PreviewState | null>(null);
  const hiddenLayers = signal<Record<string, NodeRef[]>>({});
  const referenceLayerId = signal<string | null>(null);
  const referenceFile = signal<{ name: string; bytes: Uint8Array } | null>(null);
  const generateProblems = signal<string[]>([]);
  const generating = signal(false);
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
    jobs.value = at < 0 ? [job, ...list] : list.map((existing, i) => (i === at ? job : existing));
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
    onJob: upsertJob,
    onConnection: (state) => {
      connection.value = state;
    },
    log: (text) => console.warn(`backdrop: ${text}`),
  });

  // ---- derived: the jobs a Generate would start, and the form's problems -------------------

  const plannedJobs = computed<PlannedJob[]>(() => {
    const current = selection.value;
    const f = form.value;
    const layersById = new Map(current.layers.map((layer) => [layer.id, layer]));
    const out: PlannedJob[] = [];
    for (const group of current.groups) {
      const layerIds = group.layerIds.filter((id) => id !== referenceLayerId.value && layersById.get(id)?.usable !== false);
      if (layerIds.length === 0) continue;
      const layers = layerIds.map((id) => layersById.get(id)).filter((layer) => layer !== undefined);
      const spec = areaSpecOf(f);
      const area = computeArea({ frame: group.frame, layerBoxes: layers.map((layer) => layer.box) }, spec);
      const sized =
        f.sizeChoice === 'custom'
          ? { width: Math.round(f.customWidth), height: Math.round(f.customHeight), notes: [] as string[] }
          : defaultOutputSize(area.box, f.sizeChoice);
      const notes = [...area.notes, ...sized.notes];
      if (f.sizeChoice === 'custom' && Math.abs(sized.width / sized.height - area.box.width / area.box.height) > 0.02) {
        notes.push('The output aspect differs from the area: the background will be stretched to cover the area');
      }
      const lowest = layerIds.includes(group.lowestLayerId) ? group.lowestLayerId : (layerIds[0] as string);
      out.push({
        key: group.key,
        layerNames: layers.map((layer) => layer.name),
        notes,
        plan: {
          pageId: layers[0]?.pageId ?? '',
          layerIds,
          lowestLayerId: lowest,
          frameId: group.frame?.id ?? null,
          area: area.box,
          areaSpec: spec,
          output: { width: sized.width, height: sized.height },
        },
      });
    }
    return out;
  });

  function resolvedForm(f: FormParams, output: { width: number; height: number }, seed: number): GenerateForm {
    return { ...f, width: output.width, height: output.height, resolvedSeed: seed };
  }

  /** Field problems of the form as PICPIK would see them, before anything is exported or sent. */
  const formIssues = computed<string[]>(() => {
    const f = form.value;
    const first = plannedJobs.value[0];
    const output = first ? first.plan.output : { width: f.customWidth, height: f.customHeight };
    const hasReference = f.referenceSource !== 'none';
    const built = buildGenerateRequest(
      resolvedForm(f, output, f.seedMode === 'fixed' ? f.seed : 0),
      PLACEHOLDER_PNG,
      hasReference ? PLACEHOLDER_PNG : undefined,
    );
    return built.ok ? [] : built.issues.map((issue) => issue.message);
  });

  // ---- actions ------------------------------------------------------------------------------

  /** Form fields that change what the preview shows (the area, or which layers the background hides). */
  const PREVIEW_FIELDS: readonly (keyof FormParams)[] = ['areaKind', 'padding', 'aspect', 'customAreaWidth', 'customAreaHeight', 'placement', 'referenceSource'];

  function updateForm(patch: Partial<FormParams>): void {
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

  /** Exports the first job's layers small, composes them over the area and checks for cut-outs. */
  async function refreshPreviewAsync(): Promise<void> {
    const run = ++previewRun;
    const planned = plannedJobs.value;
    const first = planned[0];
    if (!first) {
      preview.value = null;
      hiddenLayers.value = {};
      return;
    }
    try {
      const hidden: Record<string, NodeRef[]> = {};
      for (const job of planned) {
        const result = await channel.requestAsync('hiddenLayers', { layerIds: job.plan.layerIds, area: job.plan.area, placement: form.value.placement });
        hidden[job.key] = result.hidden;
      }
      const { area } = first.plan;
      const scale = Math.min(64, PREVIEW_WIDTH / area.width);
      const size = { width: Math.max(1, Math.round(area.width * scale)), height: Math.max(1, Math.round(area.height * scale)) };
      const layers: ForegroundLayer[] = [];
      const opaqueLayers: string[] = [];
      for (const [i, layerId] of first.plan.layerIds.entries()) {
        const exported = await channel.requestAsync('exportLayer', { layerId, area, scale });
        const decoded = await decodePngAsync(exported.png);
        if (!hasTransparentPixels(decoded.rgba)) opaqueLayers.push(first.layerNames[i] ?? layerId);
        layers.push({ rgba: decoded.rgba, width: decoded.width, height: decoded.height, box: exported.box });
      }
      const composed = composeForeground(layers, area, size);
      const png = await encodePngAsync(composed);
      if (run !== previewRun) return;
      batch(() => {
        hiddenLayers.value = hidden;
        preview.value = { dataUrl: `data:image/png;base64,${bytesToBase64(png)}`, width: size.width, height: size.height, opaqueLayers };
      });
    } catch (error) {
      if (run !== previewRun) return;
      console.warn('backdrop: preview failed', error);
      preview.value = null;
    }
  }

  function referenceInput(): ReferenceInput | undefined {
    const f = form.value;
    if (f.referenceSource === 'file' && referenceFile.value) return { kind: 'bytes', bytes: referenceFile.value.bytes };
    if (f.referenceSource === 'layer' && referenceLayerId.value) {
      const layer = selection.value.layers.find((candidate) => candidate.id === referenceLayerId.value);
      if (layer) return { kind: 'layer', layerId: layer.id, box: layer.box };
    }
    return undefined;
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

  async function generateAsync(): Promise<void> {
    if (generating.value) return;
    const f = form.value;
    const problems = [...formIssues.value];
    const planned = plannedJobs.value;
    if (planned.length === 0) {
      problems.unshift(selection.value.problem ?? 'Select a layer with transparent areas (a cut-out)');
      // The inline problem sits at the foot of a long form: a toast makes sure it is seen.
      void channel.requestAsync('notify', { message: NOTHING_USABLE_TEXT }).catch(() => undefined);
    }
    const reference = referenceInput();
    if (f.referenceSource === 'file' && !reference) problems.push('Choose a reference image file, or set the reference to None');
    if (f.referenceSource === 'layer' && !reference) problems.push('Choose which selected layer is the reference, or set the reference to None');
    generateProblems.value = problems;
    if (problems.length > 0) return;
    generating.value = true;
    notice.value = null;
    void channel.requestAsync('saveSettings', { settings: { lastParams: { ...f } } }).catch(() => undefined);
    try {
      tab.value = 'Jobs';
      for (const job of planned) {
        const seed = f.seedMode === 'fixed' ? f.seed : randomSeed();
        const started = await startJobAsync(job.plan, resolvedForm(f, job.plan.output, seed), reference, jobDeps());
        if (reference?.kind === 'bytes') referenceFiles.set(started.id, reference.bytes);
      }
    } finally {
      generating.value = false;
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
      generateProblems.value = [];
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
    };
    const started = await startJobAsync(plan, resolvedForm(f, job.output, randomSeed()), reference, jobDeps());
    if (reference?.kind === 'bytes') referenceFiles.set(started.id, reference.bytes);
  }

  function reuseSeed(job: JobRecord): void {
    if (job.seed === undefined) return;
    form.value = { ...form.value, seedMode: 'fixed', seed: job.seed };
    tab.value = 'Generate';
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

  async function removeJobAsync(jobId: string): Promise<void> {
    await channel.requestAsync('removeJob', { jobId });
    jobs.value = jobs.value.filter((job) => job.id !== jobId);
  }

  async function loadModelsAsync(): Promise<void> {
    try {
      const parsed = ListModelsResponseSchema.safeParse(await client.postActionAsync('ListModels'));
      if (!parsed.success) throw new RelayError({ kind: 'bad-response', detail: parsed.error.message.slice(0, 300) });
      batch(() => {
        models.value = parsed.data;
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
      const parsed = GetCreditBalanceResponseSchema.safeParse(await client.postActionAsync('GetCreditBalance'));
      if (!parsed.success) {
        credits.value = null;
        return;
      }
      const { TotalCredits, UsedCredits, ExpireTimestamp } = parsed.data;
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
        jobs.value = [...init.jobs].sort((a, b) => b.createdAt - a.createdAt);
        ready.value = true;
      });
      client = makeClient(init.settings);
      applySelection(init.selection);
      poller.resume(init.jobs);
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
    connection, preview, hiddenLayers, referenceLayerId, referenceFile, generateProblems, generating, plannedJobs, formIssues, notice, jobNotes,
    // actions
    initAsync, updateForm, generateAsync, regenerateAsync, reuseSeed, cancelJobAsync, useVariationAsync, removeJobAsync, selectLayersAsync, checkUnknownOutcomeAsync,
    loadModelsAsync, loadCreditsAsync, saveSettingsAsync, testConnectionAsync, saveTeamRelayUrlAsync, refreshPreviewAsync,
    dispose: () => poller.stop(),
    NO_CUTOUT_TEXT,
  };
}

export type AppState = ReturnType<typeof createAppState>;
