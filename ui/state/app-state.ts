// The UI's state, composed from one module per domain (relay, account, selection, form, panel,
// plan, preview, jobs, cut-out) plus what spans them: init, Generate, Regenerate and dispose.
import { batch, effect, signal, untracked, type ReadonlySignal } from './signals';
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { JobRecord, RegenerateSeed } from '../../src/protocol/shapes';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import { areaFieldsOf, type FormParams } from '../lib/form-params';
import { formFromParams, readFormHints, type FormHints } from '../lib/form-from-params';
import { SYSTEM_TIMERS, type Timers } from '../lib/poller';
import type { FetchLike } from '../lib/relay-client';
import { describeRelayError } from '../lib/relay-error';
import { jobPlaceOf, NO_CUTOUT_TEXT, randomSeed, startJobAsync, type JobPlan, type ReferenceInput } from '../lib/start-job';
import type { ImageTranscoder } from '../lib/figma-image';
import { createRelayState } from './relay-state';
import { createAccountState } from './account-state';
import { createSelectionState } from './selection-state';
import { createFormState, type GenerateConfirmation } from './form-state';
import { createPanelState } from './panel-state';
import { createGeneratePlan, resolvedForm } from './generate-plan';
import { createPreviewState } from './preview-state';
import { createJobsState } from './jobs-state';
import { createCutoutActions } from './cutout-actions';

export type { PlannedJob } from './generate-plan';
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
  const { selection } = picked;
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
  const generating = signal(false);
  // Reference files by job, for this session only: image bytes never go into main's storage.
  const referenceFiles = new Map<string, Uint8Array>();

  const mirror = createJobsState({
    ...deps,
    client: liveClient,
    timers,
    now,
    onJobEnded: () => void loadCreditsAsync(),
    afterJob: (job) => cutout.afterJob(job),
    onNextStage: (job) => cutout.sendNextStage(job),
    onConnection: relay.setConnection,
  });
  const { jobDeps } = mirror;

  // ---- derived: the jobs a Generate would start, the form's problems, the cost --------------

  const plan = createGeneratePlan({ ...picked, ...mirror, form });
  const { plannedJobs, fieldProblems } = plan;
  const sight = createPreviewState({ ...plan, channel, timers, form });
  const { schedulePreview } = sight;

  // ---- actions ------------------------------------------------------------------------------

  function applySelection(next: SelectionState): void {
    batch(() => {
      picked.setSelection(next);
      fields.applyAreaDefault(next);
    });
    schedulePreview();
    // An undo on the canvas changes the selection: a frame it brought back gets its tile again.
    mirror.recheckGoneFrames();
  }

  const cutout = createCutoutActions({ ...plan, ...mirror, selection, form, generating, showTab });

  /** What Generate should have confirmed before it sends: an empty prompt, a layer without transparency. */
  function neededConfirmations(): GenerateConfirmation[] {
    const needed: GenerateConfirmation[] = [];
    if (form.value.prompt.trim() === '') needed.push('empty-prompt');
    if (sight.opaqueLayers.value.length > 0) needed.push('opaque-layer');
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
    const reference = plan.referenceInput();
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
    if (source.areaSpec) Object.assign(next, areaFieldsOf(source.areaSpec));
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
      // With a restored area, the selection event that follows keeps it instead of the default.
      fields.setForm(next, source.areaSpec !== undefined);
      fields.setConfirmations([]);
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
      mirror.setJobNote(job.id, REFERENCE_NOT_REUSED_TEXT);
      const { params, layerIds, area, areaSpec, placement, resizeMode, output, label } = job;
      await prepareRegenerateAsync({ params, layerIds, area, areaSpec, placement, resizeMode, output, label, sourceJobId: job.id }, { reselectReference: false });
      return;
    }
    const plan: JobPlan = {
      ...jobPlaceOf(job),
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

  /** Undoes every subscription this state made: main's events, the poller, the preview's timer. */
  const releases: (() => void)[] = [];
  let disposed = false;

  async function initAsync(): Promise<void> {
    releases.push(
      channel.onEvent('selectionChanged', applySelection),
      channel.onEvent('jobsChanged', ({ jobs: changed }) => mirror.receiveJobs(changed)),
      // Opening the Jobs tab asks again about frames marked gone, whatever brought them back;
      // coming back to Generate checks again what a new background would hide or replace (the
      // Jobs tab may have shown another variation, deleted some or prepared a Regenerate).
      effect(() => {
        const tab = panel.tab.value;
        untracked(() => (tab === 'Jobs' ? mirror.recheckGoneFrames() : tab === 'Generate' ? schedulePreview() : undefined));
      }),
    );
    try {
      const init = await channel.requestAsync('init', {});
      if (disposed) return;
      batch(() => {
        relay.restoreRelay(init.settings, init.teamRelayUrl ?? init.settings.teamRelayUrl);
        fields.restoreForm(init.settings);
        mirror.restoreJobs(init.jobs);
        // In the same batch, so the panel's first paint already shows the selection.
        applySelection(init.selection);
        ready.value = true;
      });
      mirror.resumeJobs(init.jobs);
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
    ...mirror,
    ...plan,
    ready: ready as ReadonlySignal<boolean>,
    initError: initError as ReadonlySignal<{ message: string; detail?: string } | null>,
    generating: generating as ReadonlySignal<boolean>,
    initAsync, generateAsync, regenerateAsync, reuseSeed,
    cutout,
    NO_CUTOUT_TEXT,
    dispose: () => {
      disposed = true;
      releases.splice(0).forEach((release) => release());
      mirror.stopJobs();
      sight.stopPreview();
    },
  };
}

export type AppState = ReturnType<typeof createAppState>;
