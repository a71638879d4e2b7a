// What main's placeImage answers, for poller tests that stand in for main: the record with the
// image recorded and, once every image is, moved to `placed` (main owns `placed`).
import { isEveryImagePlaced, moveJob } from '../../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../../src/protocol/shapes';

export function placedByMain(job: JobRecord, imageIndex: number): JobRecord {
  const next = { ...job, placedImages: [...job.placedImages, imageIndex], placedNodeIds: [...job.placedNodeIds, `n${imageIndex}`] };
  return isEveryImagePlaced(next) ? moveJob(next, 'placed') : next;
}
