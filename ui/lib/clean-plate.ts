// A clean plate of a placed background: the generated image with the subject erased by
// RemoveContents, so the cut-out can be moved or scaled without a ghost copy showing behind it.
// The mask is the job's foreground (its layers where they are now, over the same area) at the
// image's size, grown a few pixels. The result is placed as another variation of the same
// Backdrop; the job is polled, saved and placed like any other.
import { formatIssues } from '../../src/contract/issues';
import { checkRequestParams } from '../../src/contract/spec-checks';
import { readPngInfo } from '../../src/contract/png-header';
import { JOB_START_STATE, placedNodeIdOf } from '../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../src/protocol/shapes';
import { toDataUrl } from './build-generate-request';
import { decodePngAsync, encodePngAsync } from './png';
import { composeJobForegroundAsync } from './compose-job-foreground';
import { jobPlaceOf, newJobId, type StartJobDeps } from './start-job';
import { runStageAsync, StageError } from './stage-job';
import { subjectMask } from './subject-mask';

const PLATE_LABEL_PREFIX = 'Clean plate · ';

/** Starts a clean plate of `source`'s placed image `imageIndex`; never throws (failures end as a failed record). */
export async function startCleanPlateAsync(source: JobRecord, imageIndex: number, deps: StartJobDeps): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  const job: JobRecord = {
    id: (deps.newId ?? newJobId)(),
    createdAt: now(),
    updatedAt: now(),
    state: JOB_START_STATE,
    stage: 'plate',
    plate: { sourceJobId: source.id, sourceImageIndex: imageIndex },
    ...jobPlaceOf(source),
    placement: source.placement,
    output: source.output,
    foreground: source.foreground,
    resizeMode: source.resizeMode,
    // The source's request: Regenerate on the plate's frame reruns what made the background.
    params: source.params,
    label: PLATE_LABEL_PREFIX + source.label,
    imageCount: 1,
    placedImages: [],
    placedNodeIds: [],
  };
  return runStageAsync(job, deps, async ({ submitAsync }) => {
    const nodeId = placedNodeIdOf(source, imageIndex);
    if (!nodeId) throw new StageError('That background is not placed: nothing to clear.', `job ${source.id} image ${imageIndex} not placed`);
    const raw = (await deps.requestAsync('frameThumbnail', { nodeId })).image;
    const size = readPngInfo(raw);
    if (!size) throw new StageError('Clear the subject needs the background as a PNG; this one is another format.', `frame ${nodeId} image is not a PNG`);
    const foreground = await composeJobForegroundAsync(deps.requestAsync, { layerIds: source.layerIds, area: source.area, output: { width: size.width, height: size.height } });
    const mask = await encodePngAsync(subjectMask(await decodePngAsync(foreground.png)));
    const checked = checkRequestParams('RemoveContents', { RawImage: toDataUrl(raw), Mask: toDataUrl(mask) });
    if (!checked.ok) throw new StageError(`The background cannot be cleared: ${checked.issues[0]?.message ?? 'invalid image'}`, formatIssues(checked.issues));
    return submitAsync('RemoveContents', checked.value);
  });
}
