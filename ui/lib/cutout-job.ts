// The cut-out stage of a job (RemoveBackground, or RemoveBackgroundsInBatch for several opaque
// layers): export each opaque layer at its own box, send it with the tuning, and hand the TaskUID
// to the poller. When "then generate" is chosen, the GenerateBackgrounds parameters are built and
// checked now (so a bad form fails before any credit is spent) and stored with the job, so the
// generate stage can be sent later, even by the next run of the plugin.
import { IMAGE_EDIT_LIMITS, type HairOptimization } from '../../src/contract/image-edit-rules';
import { formatIssues } from '../../src/contract/issues';
import { checkRequestParams } from '../../src/contract/spec-checks';
import { MAX_EXPORT_SCALE } from '../../src/protocol/export-scale';
import { JOB_START_STATE } from '../../src/protocol/job-lifecycle';
import type { Box, JobRecord } from '../../src/protocol/shapes';
import { PLACEHOLDER_PNG, buildGenerateRequest, paramsWithoutImages, promptLabel, toDataUrl, type GenerateForm } from './build-generate-request';
import { FORM_HINTS_KEY, formHintsOf } from './form-from-params';
import { jobPlaceOf, newJobId, type JobPlan, type StartJobDeps } from './start-job';
import { runStageAsync, StageError } from './stage-job';

/** The tuning the form offers, in PICPIK's field names. */
export interface CutoutTuning {
  ErodeSize: number;
  HairOptimization: HairOptimization;
}

export interface CutoutRequest {
  plan: JobPlan;
  /** The opaque layers of the plan to cut out, with their page boxes. */
  originals: { id: string; box: Box }[];
  tuning: CutoutTuning;
  /** The generate form when the job goes on to GenerateBackgrounds, else undefined. */
  thenGenerate?: GenerateForm;
}

/** Long side of the image sent for cutting out; the cut-out is shown at the layer's own size. */
const CUTOUT_LONG_SIDE = 2048;
function exportScale(box: Box): number {
  const longSide = Math.max(1, box.width, box.height);
  const min = IMAGE_EDIT_LIMITS.ImageSide.min / Math.max(1, Math.min(box.width, box.height));
  return Math.min(MAX_EXPORT_SCALE, Math.max(min, Math.min(4, CUTOUT_LONG_SIDE / longSide)));
}

/** Runs the cut-out stage up to its TaskUID; never throws (failures end as a failed record). */
export async function startCutoutJobAsync(request: CutoutRequest, deps: StartJobDeps): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  const { plan, originals, thenGenerate } = request;
  const job: JobRecord = {
    id: (deps.newId ?? newJobId)(),
    createdAt: now(),
    updatedAt: now(),
    state: JOB_START_STATE,
    stage: 'cutout',
    ...jobPlaceOf(plan),
    placement: thenGenerate ? thenGenerate.placement : 'behind',
    output: plan.output,
    foreground: plan.output,
    resizeMode: thenGenerate ? thenGenerate.resizeMode : 'CropAndResize',
    params: {},
    label: thenGenerate ? promptLabel(thenGenerate.prompt) : 'Cut-out',
    imageCount: originals.length,
    placedImages: [],
    placedNodeIds: [],
    seed: thenGenerate && thenGenerate.resolvedSeed >= 0 ? thenGenerate.resolvedSeed : undefined,
    ...(thenGenerate?.cleanPlate ? { cleanPlate: true } : {}),
    cutout: { originalIds: originals.map((layer) => layer.id), placedIds: [], thenGenerate: thenGenerate !== undefined, generateCount: thenGenerate?.batchSize },
  };
  return runStageAsync(job, deps, async ({ set, submitAsync }) => {
    if (thenGenerate) {
      const built = buildGenerateRequest(thenGenerate, PLACEHOLDER_PNG);
      if (!built.ok) throw new StageError(`Check the form: ${built.issues[0]?.message ?? 'invalid parameters'}`, built.issues.map((issue) => issue.message).join('\n'));
      set({ params: { ...paramsWithoutImages(built.body), [FORM_HINTS_KEY]: formHintsOf(thenGenerate, undefined) } });
    }
    const images: string[] = [];
    for (const original of originals) {
      const exported = await deps.requestAsync('exportLayer', { layerId: original.id, area: original.box, scale: exportScale(original.box) });
      images.push(toDataUrl(exported.png));
    }
    const batch = images.length > 1;
    const params = batch ? { RawImages: images, ...request.tuning } : { RawImage: images[0], ...request.tuning };
    const checked = checkRequestParams(batch ? 'RemoveBackgroundsInBatch' : 'RemoveBackground', params);
    if (!checked.ok) throw new StageError(`The layer cannot be cut out: ${checked.issues[0]?.message ?? 'invalid image'}`, formatIssues(checked.issues));
    return submitAsync(batch ? 'RemoveBackgroundsInBatch' : 'RemoveBackground', checked.value);
  });
}
