// The Generate form's "Remove background" and "Remove background, then generate": which layers
// of each planned job are opaque, the tuning the designer chose, starting the cut-out stage, and
// sending the generate stage when main has placed the cut-outs (also for restored jobs). Also
// the clean plate: the form's option (made once a job's backgrounds are placed, also when that
// happened in an earlier run) and "Clear the subject" on a placed background.
import { signal, type ReadonlySignal, type Signal } from './signals';
import { IMAGE_EDIT_DEFAULTS } from '../../src/contract/image-edit-rules';
import { MAX_EXPORT_SCALE } from '../../src/protocol/export-scale';
import { jobKindOf } from '../../src/protocol/job-kinds';
import type { JobRecord } from '../../src/protocol/shapes';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import { startCutoutJobAsync, type CutoutTuning } from '../lib/cutout-job';
import type { FormParams } from '../lib/form-params';
import { startGenerateStageAsync } from '../lib/generate-stage';
import { startCleanPlateAsync } from '../lib/clean-plate';
import { hasTransparentPixels } from '../lib/has-transparent-pixels';
import { decodePngAsync } from '../lib/png';
import { randomSeed, type JobPlan, type StartJobDeps } from '../lib/start-job';
import type { TabName } from './panel-state';
import { resolvedForm } from './generate-plan';

/** Pixels of the long side a layer is exported at to tell whether it is opaque. */
const PROBE_LONG_SIDE = 96;

export interface CutoutContext {
  jobs: ReadonlySignal<JobRecord[]>;
  plannedJobs: ReadonlySignal<{ plan: JobPlan }[]>;
  selection: ReadonlySignal<SelectionState>;
  form: ReadonlySignal<FormParams>;
  formIssues: ReadonlySignal<string[]>;
  generating: Signal<boolean>;
  showTab(name: TabName): void;
  jobDeps(): StartJobDeps;
}

export function createCutoutActions(ctx: CutoutContext) {
  const tuning = signal<CutoutTuning>({ ErodeSize: IMAGE_EDIT_DEFAULTS.ErodeSize, HairOptimization: IMAGE_EDIT_DEFAULTS.HairOptimization });
  /** The Generate form's "Clean plate" option. */
  const cleanPlate = signal(false);
  /** Jobs whose generate stage is being sent by this run, so a second trigger sends nothing. */
  const sending = new Set<string>();
  /** Source jobs a clean plate was started for by this run. */
  const plated = new Set<string>();

  async function opaqueLayersAsync(plan: JobPlan): Promise<{ id: string; box: JobPlan['area'] }[]> {
    const deps = ctx.jobDeps();
    const out: { id: string; box: JobPlan['area'] }[] = [];
    for (const id of plan.layerIds) {
      const layer = ctx.selection.value.layers.find((candidate) => candidate.id === id);
      if (!layer) continue;
      const scale = Math.min(MAX_EXPORT_SCALE, PROBE_LONG_SIDE / Math.max(1, layer.box.width, layer.box.height));
      const exported = await deps.requestAsync('exportLayer', { layerId: id, area: layer.box, scale });
      if (!hasTransparentPixels((await decodePngAsync(exported.png)).rgba)) out.push({ id, box: layer.box });
    }
    return out;
  }

  /** Why the last Remove background did not start, shown next to its buttons (the form's own problems are computed). */
  const offerProblems = signal<string[]>([]);

  /** Cuts out every opaque layer of the planned jobs; with `thenGenerate`, goes on to generate with the cut-outs. */
  async function removeBackgroundAsync(thenGenerate: boolean): Promise<void> {
    if (ctx.generating.value) return;
    const planned = ctx.plannedJobs.value;
    const problems = thenGenerate ? [...ctx.formIssues.value] : [];
    if (planned.length === 0) problems.unshift('Select the photo to cut out first');
    if (thenGenerate && ctx.form.value.referenceSource !== 'none') problems.push('A reference image is not used with Remove background, then generate: set the reference to None');
    offerProblems.value = problems;
    if (problems.length > 0) return;
    ctx.generating.value = true;
    try {
      const f = ctx.form.value;
      let started = 0;
      for (const job of planned) {
        const originals = await opaqueLayersAsync(job.plan);
        if (originals.length === 0) continue;
        const seed = f.seedMode === 'fixed' ? f.seed : randomSeed();
        const generate = thenGenerate ? { ...resolvedForm(f, job.plan.output, seed), cleanPlate: cleanPlate.value } : undefined;
        if (started === 0) ctx.showTab('Jobs');
        started += 1;
        await startCutoutJobAsync({ plan: job.plan, originals, tuning: tuning.value, thenGenerate: generate }, ctx.jobDeps());
      }
      if (started === 0) offerProblems.value = ['The selected layers already have transparent pixels: press Generate'];
    } finally {
      ctx.generating.value = false;
    }
  }

  /** Sends the generate stage of a job whose cut-outs main has placed (the poller calls this). */
  function sendNextStage(job: JobRecord): void {
    if (sending.has(job.id)) return;
    sending.add(job.id);
    void startGenerateStageAsync(job, ctx.jobDeps()).finally(() => sending.delete(job.id));
  }

  function hasPlate(sourceJobId: string): boolean {
    return plated.has(sourceJobId) || ctx.jobs.value.some((job) => job.plate?.sourceJobId === sourceJobId);
  }

  /** "Clear the subject" on a placed background: a clean plate of that variation. */
  async function clearSubjectAsync(source: JobRecord, imageIndex: number): Promise<void> {
    plated.add(source.id);
    await startCleanPlateAsync(source, imageIndex, ctx.jobDeps());
  }

  /** Every job change: a job asking for a clean plate gets one, once, when its backgrounds are placed. */
  function afterJob(job: JobRecord): void {
    if (!job.cleanPlate || job.state !== 'placed' || !jobKindOf(job).clearable || hasPlate(job.id)) return;
    const index = job.visibleIndex ?? job.placedImages[0];
    if (index === undefined) return;
    void clearSubjectAsync(job, index);
  }

  function setTuning(patch: Partial<CutoutTuning>): void {
    tuning.value = { ...tuning.value, ...patch };
  }

  function setCleanPlate(on: boolean): void {
    cleanPlate.value = on;
  }

  return {
    tuning: tuning as ReadonlySignal<CutoutTuning>,
    cleanPlate: cleanPlate as ReadonlySignal<boolean>,
    problems: offerProblems as ReadonlySignal<string[]>,
    setTuning,
    setCleanPlate,
    removeBackgroundAsync,
    sendNextStage,
    clearSubjectAsync,
    afterJob,
  };
}
