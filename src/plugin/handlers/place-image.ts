// placeImage: one result image becomes a frame behind the job's layer; records it on the job and
// closes the job's undo step after its last image.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { ProtocolError } from '../../protocol/protocol-error';
import type { JobRecord } from '../../protocol/shapes';
import type { PluginContext } from '../plugin-context';
import { notifyDesigner } from '../notify-designer';
import { placeBackgroundAsync } from '../place-background';
import { placeCutoutAsync, selectCutoutsOf } from '../place-cutout';
import { placePlateAsync } from '../place-plate';
import { afterCutoutStage } from '../../protocol/job-stages';
import { isEveryImagePlaced, moveJob } from '../../protocol/job-lifecycle';

export function placeImageAsync(context: PluginContext, payload: RequestPayload<'placeImage'>): Promise<RequestResult<'placeImage'>> {
  // Read the job only when its turn comes: an earlier placement of the same job updates it.
  return context.undo.oneAtATimeAsync(() => placeInTurnAsync(context, payload));
}

async function placeInTurnAsync(context: PluginContext, payload: RequestPayload<'placeImage'>): Promise<RequestResult<'placeImage'>> {
  const job = context.jobs.get(payload.jobId);
  if (!job) throw new ProtocolError('This job is no longer known. Start it again.', 'placeImage: unknown job ' + payload.jobId);
  if (payload.imageIndex >= job.imageCount) {
    throw new ProtocolError('Backdrop got a result it did not ask for.', 'placeImage: imageIndex ' + payload.imageIndex + ' >= imageCount ' + job.imageCount);
  }
  const seed = payload.seed !== undefined ? payload.seed : job.seed;
  context.undo.beginJob(job.id);
  const cutoutStage = job.stage === 'cutout';
  const placement = cutoutStage
    ? await placeCutoutAsync(context.api, job, payload.imageIndex, payload.png)
    : job.stage === 'plate' && job.plate
      ? await placePlateAsync(context.api, job, context.jobs.get(job.plate.sourceJobId), payload.png)
      : await placeBackgroundAsync(context.api, job, payload.imageIndex, payload.png, seed);
  let updated: JobRecord = Object.assign({}, job, { updatedAt: context.now() });
  if (updated.placedImages.indexOf(payload.imageIndex) < 0) {
    updated.placedImages = job.placedImages.concat([payload.imageIndex]);
    updated.placedNodeIds = job.placedNodeIds.concat([placement.nodeId]);
    if (updated.visibleIndex === undefined) {
      // The container shows a new job's first variation and hides the layer's others.
      updated.visibleIndex = payload.imageIndex;
      updated.shownAt = context.now();
    }
  }
  // Main owns `placed` (job-lifecycle.ts): the job is placed once its last image is recorded.
  const complete = isEveryImagePlaced(updated);
  if (complete) updated = moveJob(updated, 'placed');
  // A finished cut-out stage is one undo step of its own; the job then moves on to generating.
  if (complete && cutoutStage) updated = afterCutoutStage(updated, context.now());
  const saved = await context.jobs.saveAsync(updated);
  if (complete) {
    context.undo.endJob(job.id);
    if (cutoutStage) {
      if (!placement.alreadyPlaced) selectCutoutsOf(context.api, saved);
      if (!placement.alreadyPlaced) notifyDesigner(context.api, 'Backdrop: ' + (job.imageCount === 1 ? 'Cut-out placed' : job.imageCount + ' cut-outs placed') + ' over the hidden original.');
    } else if (!placement.alreadyPlaced) {
      const count = job.stage === 'plate' ? 'Clean plate placed' : updated.imageCount === 1 ? 'Background placed' : updated.imageCount + ' backgrounds placed';
      notifyDesigner(context.api, 'Backdrop: ' + count + (placement.notes.length > 0 ? ' at the last known spot' : '') + '.');
    }
  }
  return { nodeId: placement.nodeId, alreadyPlaced: placement.alreadyPlaced, notes: placement.notes, job: saved };
}
