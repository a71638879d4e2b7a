// How a two-stage job moves on: once every cut-out is placed, a job that goes on to generate
// becomes a generate job over the cut-out layers (waiting for the UI to send it, state
// `sending` without a TaskUID); one that does not is done.
import type { JobRecord } from './shapes';
import { moveJob, placedNodeIdOf, JOB_START_STATE } from './job-lifecycle';

/** The record after its cut-out stage has placed every image (`placedImages` / `placedNodeIds` are the cut-outs). */
export function afterCutoutStage(job: JobRecord, now: number): JobRecord {
  const cutout = job.cutout;
  if (!cutout) return job;
  const placedIds = cutout.originalIds.map((_, index) => placedNodeIdOf(job, index) || '');
  const done = Object.assign({}, cutout, { placedIds, consumeApiPoint: job.consumeApiPoint, taskUid: job.taskUid });
  const placed = moveJob(job, 'placed', { cutout: done, updatedAt: now });
  if (!cutout.thenGenerate || placedIds.some((id) => id === '')) return placed;
  const lowestAt = cutout.originalIds.indexOf(job.lowestLayerId);
  const next: JobRecord = moveJob(placed, JOB_START_STATE, {
    stage: 'generate',
    cutout: done,
    layerIds: placedIds,
    lowestLayerId: placedIds[lowestAt >= 0 ? lowestAt : 0] as string,
    imageCount: cutout.generateCount !== undefined ? cutout.generateCount : 1,
    placedImages: [],
    placedNodeIds: [],
    updatedAt: now,
  });
  delete next.taskUid;
  delete next.consumeApiPoint;
  delete next.visibleIndex;
  return next;
}

/** A two-stage job whose cut-outs are placed and whose GenerateBackgrounds has not been sent yet. */
export function awaitsGenerateStage(job: JobRecord): boolean {
  return job.stage === 'generate' && job.cutout !== undefined && job.cutout.thenGenerate && job.taskUid === undefined && job.state === JOB_START_STATE;
}
