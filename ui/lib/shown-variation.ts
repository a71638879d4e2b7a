// Which job's variation the canvas shows for each layer. Every job keeps the variation it last
// showed (visibleIndex), but a layer's Backdrop shows one variation whatever the job: the one
// main showed last (shownAt, set at a job's first placement and by Use this).
import type { JobRecord } from '../../src/protocol/shapes';

function layerKey(job: JobRecord): string {
  return job.layerIds.slice().sort().join(',');
}

/** The ids of the jobs whose visibleIndex is what the canvas shows now: the latest shown per layer set. */
export function jobsShownOnCanvas(jobs: readonly JobRecord[]): Set<string> {
  const latest = new Map<string, JobRecord>();
  for (const job of jobs) {
    if (job.visibleIndex === undefined) continue;
    const key = layerKey(job);
    const current = latest.get(key);
    const rank = (candidate: JobRecord) => [candidate.shownAt ?? 0, candidate.createdAt];
    if (!current) {
      latest.set(key, job);
      continue;
    }
    const [a0, a1] = rank(job);
    const [b0, b1] = rank(current);
    if (a0! > b0! || (a0 === b0 && a1! > b1!)) latest.set(key, job);
  }
  return new Set(Array.from(latest.values(), (job) => job.id));
}

/**
 * How many of the job's placed variations "Delete unused variations" would remove: those still in
 * the document (not in `gone`) apart from the one the canvas shows, when it is this job's.
 */
export function unusedVariationCount(job: JobRecord, gone: ReadonlySet<string>, shownOnCanvas: boolean): number {
  return job.placedImages.filter((index, i) => !gone.has(job.placedNodeIds[i] ?? '') && !(shownOnCanvas && job.visibleIndex === index)).length;
}
